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
/// `approvals bench inbox`: fills an empty database with the generated case history of `seed-demo --cases`
/// (every stage, about a tenth of the cases still under way), then times the inbox query
/// (first page, filtered, searched, the "done" tab) for reviewers at county, city and province level
/// through the application's own handler, and prints p50/p95/max per scenario.
/// </summary>
internal static class InboxBenchmark
{
    private static readonly string[] Counties = ["140525", "140522", "140581", "140121", "140122"];

    public static Command Command()
    {
        var cases = new Option<int>("--cases") { Description = "Cases in the history (generated once, reused by later runs).", DefaultValueFactory = _ => 1_000_000 };
        var db = new Option<string?>("--db") { Description = "Npgsql connection string of the benchmark database (default: APPROVALS_DB)." };
        var samples = new Option<int>("--samples") { Description = "Timed queries per scenario.", DefaultValueFactory = _ => 100 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("inbox", "Times the inbox query on a large case history for reviewers at each level.") { cases, db, samples, jsonOut };
        command.SetAction((parse, ct) =>
        {
            // The host reads the database from configuration; --db stands in for APPROVALS_DB.
            if (parse.GetValue(db) is { Length: > 0 } connection) Environment.SetEnvironmentVariable("APPROVALS_DB", connection);
            return CliHost.RunAsync("bench inbox", (services, token) =>
                RunAsync(services, parse.GetValue(cases), parse.GetValue(samples), parse.GetValue(jsonOut), token), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int caseCount, int samples, FileInfo? jsonOut, CancellationToken ct)
    {
        var db = services.GetRequiredService<ApprovalsDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.MigrateAsync(ct);
        var existing = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM cases").SingleAsync(ct);
        if (existing == 0)
        {
            Console.Error.WriteLine($"Generating {caseCount:N0} cases of history with their tasks (seed-demo --cases)…");
            var history = (await services.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(DemoCommands.DefaultPassword, caseCount), ct)).History!;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generated in {history.Elapsed.TotalSeconds:F0} s."));
        }
        else
        {
            await services.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(DemoCommands.DefaultPassword), ct);
            Console.Error.WriteLine($"Reusing the {existing:N0} cases already there.");
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
            var scopeCounties = Counties.Where(c => JurisdictionScope.Of(user.JurisdictionCode!, jurisdictionLevel).Covers(c)).ToArray();
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

    // Words of the generated project names (seed-demo --cases), as a person would search for them.
    private static readonly string[] ProjectWords = ["光伏", "公路", "煤矿", "输变电", "水库", "工业园区", "风电场", "污水处理厂", "铁矿", "康养"];
}
