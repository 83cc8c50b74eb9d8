using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks.ListInbox;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench inbox`: fills the database with a case history (cases with their acceptance, review
/// and decision tasks, a few percent still open) generated set-based in SQL, then times the inbox query
/// (first page, filtered, searched, the "done" tab) for reviewers at county, city and province level
/// through the application's own handler, and prints p50/p95/max per scenario.
/// </summary>
internal static class InboxBenchmark
{
    /// <summary>Marks the generated history, so a second run reuses it and never mixes it with real cases.</summary>
    private const string BenchProjectType = "基准测试";

    private static readonly string[] Counties = ["140525", "140522", "140581", "140121", "140122"];

    public static Command Command()
    {
        var cases = new Option<int>("--cases") { Description = "Cases in the history (generated once, reused by later runs).", DefaultValueFactory = _ => 1_000_000 };
        var db = new Option<string?>("--db") { Description = "Npgsql connection string of the benchmark database (default: APPROVALS_DB)." };
        var samples = new Option<int>("--samples") { Description = "Timed queries per scenario.", DefaultValueFactory = _ => 100 };
        var openPercent = new Option<double>("--open-percent") { Description = "Share of the cases still under way (their current tasks are open).", DefaultValueFactory = _ => 3.0 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("inbox", "Times the inbox query on a large case history for reviewers at each level.") { cases, db, samples, openPercent, jsonOut };
        command.SetAction((parse, ct) =>
        {
            // The host reads the database from configuration; --db stands in for APPROVALS_DB.
            if (parse.GetValue(db) is { Length: > 0 } connection) Environment.SetEnvironmentVariable("APPROVALS_DB", connection);
            return CliHost.RunAsync("bench inbox", (services, token) =>
                RunAsync(services, parse.GetValue(cases), parse.GetValue(samples), parse.GetValue(openPercent), parse.GetValue(jsonOut), token), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int caseCount, int samples, double openPercent, FileInfo? jsonOut, CancellationToken ct)
    {
        var db = services.GetRequiredService<ApprovalsDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.MigrateAsync(ct);
        await services.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(DemoCommands.DefaultPassword), ct);

        var existing = await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM cases WHERE project_type = {0}", BenchProjectType).SingleAsync(ct);
        if (existing < caseCount)
        {
            Console.Error.WriteLine($"Generating {caseCount - existing:N0} cases with their tasks ({existing:N0} already there)…");
            var watch = Stopwatch.StartNew();
            await GenerateAsync(db, existing, caseCount, openPercent / 100, ct);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generated in {watch.Elapsed.TotalSeconds:F0} s."));
        }
        else
        {
            Console.Error.WriteLine($"Reusing the {existing:N0} generated cases.");
        }
        var totals = new[]
        {
            await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM cases").SingleAsync(ct),
            await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM review_tasks").SingleAsync(ct),
            await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM review_tasks WHERE status = 'Open'").SingleAsync(ct),
        };
        Console.Error.WriteLine($"Database: {totals[0]:N0} cases, {totals[1]:N0} tasks, {totals[2]:N0} open.");

        var reviewers = new[] { ("County", "zezhou.land"), ("City", "jincheng.land"), ("Province", "shanxi.land") };
        var accessor = services.GetRequiredService<ActorAccessor>();
        var mediator = services.GetRequiredService<IMediator>();
        var random = new Random(42);
        var results = new List<Result>();
        foreach (var (level, userName) in reviewers)
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, ct);
            var jurisdictionLevel = (await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == user.JurisdictionCode, ct)).Level;
            accessor.Current = new Actor(user.Id, userName, Roles.Reviewer, user.JurisdictionCode, jurisdictionLevel, user.Department, null);
            var scopeCounties = Counties.Where(c => c.StartsWith(Jurisdiction.ScopePrefixOf(user.JurisdictionCode!, jurisdictionLevel), StringComparison.Ordinal)).ToArray();
            // Search terms people type: a case number (or its tail) from this reviewer's inbox, or a word of a project's name.
            var numbers = await db.Database.SqlQueryRaw<string>("""
                SELECT c.number AS "Value" FROM review_tasks t JOIN cases c ON c.id = t.case_id
                WHERE t.status = 'Open' AND t.jurisdiction_code = {0} AND t.department = {1} LIMIT 200
                """, user.JurisdictionCode!, user.Department!.Value.ToString()).ToListAsync(ct);
            if (numbers.Count == 0) numbers.Add("140525-2026");

            var first = await mediator.Send(new ListInboxQuery(), ct);
            var scenarios = new (string Name, Func<ListInboxQuery> Query)[]
            {
                ("first page", () => new ListInboxQuery()),
                ("filtered", () => new ListInboxQuery(OverdueOnly: random.Next(2) == 0, UseType: (UseType)random.Next(1, 5),
                    County: scopeCounties.Length > 1 ? scopeCounties[random.Next(scopeCounties.Length)] : null, Sort: InboxSort.Received, Descending: true)),
                ("searched", () => new ListInboxQuery(Search: random.Next(2) == 0 ? numbers[random.Next(numbers.Count)][^9..] : ProjectWords[random.Next(ProjectWords.Length)])),
                ("done tab", () => new ListInboxQuery(Tab: InboxTab.Done, Page: 1 + random.Next(4))),
            };
            foreach (var (name, query) in scenarios)
            {
                for (var i = 0; i < 5; i++) await mediator.Send(query(), ct);
                var times = new List<double>(samples);
                var rows = 0;
                for (var i = 0; i < samples; i++)
                {
                    var q = query();
                    var watch = Stopwatch.StartNew();
                    var page = await mediator.Send(q, ct);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    rows += page.Rows.Count;
                }
                times.Sort();
                results.Add(new Result(level, userName, name, first.Todo, first.Done, samples, rows / (double)samples,
                    Percentile(times, 0.50), Percentile(times, 0.95), times[^1]));
            }
        }

        Console.WriteLine($"approvals bench inbox: {totals[0]:N0} cases, {totals[1]:N0} tasks ({totals[2]:N0} open); {samples} queries per scenario; target p95 <= 50 ms");
        Console.WriteLine();
        Console.WriteLine("| level    | reviewer      | scenario   | to do  | done    | rows/page | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|----------|---------------|------------|--------|---------|-----------|--------|--------|--------|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Level,-8} | {r.Reviewer,-13} | {r.Scenario,-10} | {Cap(r.Todo),6} | {Cap(r.Done),7} | {r.RowsPerPage,9:F1} | {r.P50,6:F1} | {r.P95,6:F1} | {r.Max,6:F1} |"));
        var worst = results.Max(r => r.P95);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Worst p95: {worst:F1} ms ({(worst <= 50 ? "meets" : "misses")} the 50 ms target)."));
        if (jsonOut is not null)
            await File.WriteAllTextAsync(jsonOut.FullName, JsonSerializer.Serialize(new { cases = totals[0], tasks = totals[1], open = totals[2], samples, results }, JsonSerializerOptions.Web), ct);
        return 0;
    }

    private static string Cap(int n) => n > ListInboxHandler.CountCap ? $"{ListInboxHandler.CountCap}+" : n.ToString(CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Result(string Level, string Reviewer, string Scenario, int Todo, int Done, int Samples, double RowsPerPage, double P50, double P95, double Max);

    private static readonly string[] ProjectWords = ["光伏", "公路", "煤矿", "输变电", "水库", "物流园", "风电", "铁路专用线", "砂石", "产业园"];

    /// <summary>
    /// Cases numbered from <paramref name="from"/> + 1 to <paramref name="to"/>, in batches of 100,000, each batch
    /// one transaction: the cases, then every task their history implies (acceptance at the county; one review per
    /// department at each level from the county up; the decision at the deciding level), completed by the demo
    /// staff of that jurisdiction and department, except the current step of the cases still under way.
    /// </summary>
    private static async Task GenerateAsync(ApprovalsDbContext db, int from, int to, double openShare, CancellationToken ct)
    {
        var applicant = await db.Users.AsNoTracking().Where(u => u.UserName == "applicant").Select(u => new { u.Id, u.OrganisationId }).SingleAsync(ct);
        const int batch = 100_000;
        for (var start = from; start < to; start += batch)
        {
            var end = Math.Min(to, start + batch);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off", ct);
            await db.Database.ExecuteSqlRawAsync(GenerateSql(start + 1, end, applicant.Id, applicant.OrganisationId!.Value, openShare), ct);
            await tx.CommitAsync(ct);
            Console.Error.WriteLine($"  {end:N0} cases");
        }
        Console.Error.WriteLine("Analysing…");
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE cases", ct);
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE review_tasks", ct);
    }

    // Only numbers and ids are written into the text (utility statements such as CREATE TABLE AS take no parameters).
    private static string GenerateSql(int first, int last, Guid applicantId, Guid organisationId, double openShare) => FormattableString.Invariant($$"""
        CREATE TEMP TABLE bench_staff ON COMMIT DROP AS
            SELECT u.jurisdiction_code AS code, u.department AS department, u.id, u.user_name AS name
            FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
            WHERE r.name IN ('reviewer', 'clerk') AND u.jurisdiction_code IS NOT NULL;
        CREATE TEMP TABLE bench_gen ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, gen_random_uuid() AS wf, i, county,
               county || '-' || (2021 + i % 6) || '-' || lpad(i::text, 7, '0') AS number,
               (ARRAY['泽州','阳城','高平','清徐','阳曲'])[1 + i % 5] || (ARRAY['光伏发电项目','公路改建工程','煤矿改扩建工程','输变电工程','水库工程','物流园区','风电场','铁路专用线','砂石料场','产业园'])[1 + (i / 7) % 10] || i AS project,
               (SELECT bit_or(1 << CASE d WHEN 'Land' THEN 1 WHEN 'Mineral' THEN 2 WHEN 'Forest' THEN 3 ELSE 4 END) FROM unnest(deps) d) AS mask,
               CASE WHEN county LIKE '1405%' THEN '140500' ELSE '140100' END AS city,
               deps, dl,
               -- Open cases wait at acceptance (10 %), at a review of their current level (75 %) or for the decision (15 %).
               CASE WHEN o >= {{openShare}} THEN 'closed' WHEN k < 0.10 THEN 'acceptance' WHEN k < 0.85 THEN 'review' ELSE 'decision' END AS kind,
               1 + floor(lv * dl)::int AS cl,
               now() - (interval '1 day' * (CASE WHEN o < {{openShare}} THEN 1 + floor(age * 40) ELSE 60 + floor(age * 1800) END)) AS submitted,
               ok
        FROM (
            SELECT i, (ARRAY['140525','140522','140581','140121','140122'])[1 + i % 5] AS county,
                   CASE WHEN d < 0.55 THEN ARRAY['Land'] WHEN d < 0.70 THEN ARRAY['Land','Forest'] WHEN d < 0.80 THEN ARRAY['Land','Mineral']
                        WHEN d < 0.88 THEN ARRAY['Forest'] WHEN d < 0.93 THEN ARRAY['Mineral'] WHEN d < 0.97 THEN ARRAY['Land','Grassland']
                        ELSE ARRAY['Land','Mineral','Forest','Grassland'] END AS deps,
                   CASE WHEN l < 0.50 THEN 1 WHEN l < 0.85 THEN 2 ELSE 3 END AS dl,
                   o, k, lv, age, ok
            FROM generate_series({{first}}, {{last}}) AS i,
                 LATERAL (SELECT random() AS d, random() AS l, random() AS o, random() AS k, random() AS lv, random() AS age, random() < 0.9 AS ok, i AS dummy) r
        ) g;

        INSERT INTO cases (id, number, applicant_user_id, organisation_id, county_code, project_name, project_owner, project_type,
            declared_approval_level, uses, boundary_file, boundary, boundary_area_m2, required_departments, deciding_level, current_level,
            status, submitted_at, accepted_on, due_on, closed_at, document_number, decided_at_level, extended, forward_to_national,
            infrastructure_public_or_defence, workflow_instance_id, version)
        SELECT g.id, g.number, '{{applicantId}}'::uuid, '{{organisationId}}'::uuid, g.county, g.project,
            '示范建设单位' || (g.i % 997), '{{BenchProjectType}}', (ARRAY['County','City','Province'])[g.dl],
            (SELECT jsonb_agg(jsonb_build_object('type', CASE d WHEN 'Land' THEN 1 WHEN 'Mineral' THEN 2 WHEN 'Forest' THEN 3 ELSE 4 END)) FROM unnest(g.deps) d),
            ''::bytea,
            ST_Multi(ST_MakeEnvelope(38400000 + (g.i % 1000) * 100, 3930000 + (g.i / 1000 % 1000) * 100, 38400050 + (g.i % 1000) * 100, 3930050 + (g.i / 1000 % 1000) * 100, 4526)),
            2500, g.deps, (ARRAY['County','City','Province'])[g.dl],
            CASE g.kind WHEN 'closed' THEN (ARRAY['County','City','Province'])[g.dl] WHEN 'acceptance' THEN 'County' WHEN 'decision' THEN (ARRAY['County','City','Province'])[g.dl] ELSE (ARRAY['County','City','Province'])[g.cl] END,
            CASE g.kind WHEN 'closed' THEN CASE WHEN g.ok THEN 'Approved' ELSE 'Refused' END WHEN 'acceptance' THEN 'AwaitingAcceptance' WHEN 'decision' THEN 'AwaitingDecision' ELSE 'UnderReview' END,
            g.submitted, CASE WHEN g.kind <> 'acceptance' THEN (g.submitted + interval '2 days')::date END,
            CASE WHEN g.kind <> 'acceptance' THEN (g.submitted + interval '63 days')::date END,
            CASE WHEN g.kind = 'closed' THEN g.submitted + interval '40 days' END,
            CASE WHEN g.kind = 'closed' AND g.ok THEN '晋自然资预审〔基准〕' || g.i || '号' END,
            CASE WHEN g.kind = 'closed' THEN (ARRAY['County','City','Province'])[g.dl] END,
            false, false, false, g.wf, 1
        FROM bench_gen g;

        INSERT INTO review_tasks (id, case_id, case_number, project_name, county_code, use_types, workflow_instance_id, bookmark_id, activity_id, name, stage, level, jurisdiction_code, department,
            candidate_role, assignee_id, assignee_name, claimed_at, created_at, due_on, remind_on, status, completed_at, completed_by_id,
            completed_by_name, outcome, opinion, version)
        SELECT gen_random_uuid(), t.case_id, t.number, t.project, t.county, t.mask, t.wf, gen_random_uuid(), t.activity, t.name, t.stage, t.level, t.code, t.department,
            t.role, CASE WHEN t.open AND t.claim THEN s.id END, CASE WHEN t.open AND t.claim THEN s.name END, CASE WHEN t.open AND t.claim THEN now() END,
            t.created, CASE WHEN t.open THEN current_date + (floor(random() * 30) - 8)::int ELSE (t.created + interval '20 days')::date END,
            CASE WHEN t.open THEN current_date + (floor(random() * 20) - 8)::int ELSE (t.created + interval '16 days')::date END,
            CASE WHEN t.open THEN 'Open' ELSE 'Completed' END,
            CASE WHEN NOT t.open THEN t.created + interval '5 days' END,
            CASE WHEN NOT t.open THEN s.id END, CASE WHEN NOT t.open THEN s.name END,
            CASE WHEN t.open THEN NULL ELSE t.outcome END, CASE WHEN t.open THEN NULL ELSE '经审查，符合要求。' END, 1
        FROM (SELECT u.*, random() < 0.3 AS claim FROM (
            -- Acceptance at the county window.
            SELECT g.id AS case_id, g.number, g.project, g.county, g.mask, g.wf, 'acceptance' AS activity, '受理（形式审查）' AS name, 'Acceptance' AS stage, 'County' AS level,
                   g.county AS code, NULL::varchar AS department, 'clerk' AS role, g.kind = 'acceptance' AS open, g.submitted AS created, 'Accept' AS outcome
            FROM bench_gen g
            UNION ALL
            -- One review per department at each level reached; the current level's are open for a case under review.
            SELECT g.id, g.number, g.project, g.county, g.mask, g.wf, 'review-' || lower(d), (ARRAY['县级','市级','省级'])[lv] || d || '审查', 'Review', (ARRAY['County','City','Province'])[lv],
                   CASE lv WHEN 1 THEN g.county WHEN 2 THEN g.city ELSE '140000' END, d, 'reviewer',
                   g.kind = 'review' AND lv = g.cl, g.submitted + interval '3 days' * lv, 'Agree'
            FROM bench_gen g
            CROSS JOIN LATERAL generate_series(1, CASE g.kind WHEN 'review' THEN g.cl WHEN 'acceptance' THEN 0 ELSE g.dl END) lv
            CROSS JOIN LATERAL unnest(g.deps) d
            UNION ALL
            -- The decision at the deciding level, signed by land when it reviews.
            SELECT g.id, g.number, g.project, g.county, g.mask, g.wf, 'decision', '审批决定', 'Decision', (ARRAY['County','City','Province'])[g.dl],
                   CASE g.dl WHEN 1 THEN g.county WHEN 2 THEN g.city ELSE '140000' END,
                   CASE WHEN 'Land' = ANY(g.deps) THEN 'Land' ELSE g.deps[1] END, 'reviewer',
                   g.kind = 'decision', g.submitted + interval '12 days', CASE WHEN g.ok THEN 'Approve' ELSE 'Refuse' END
            FROM bench_gen g WHERE g.kind IN ('closed', 'decision')
        ) u) t
        LEFT JOIN bench_staff s ON s.code = t.code AND s.department IS NOT DISTINCT FROM t.department;
        """);
}
