using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps;
using Approvals.Application.BaseMaps.GenerateBaseMaps;
using Approvals.Application.Cases;
using Approvals.Application.Cases.SubmitCase;
using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Application.Tasks.CompleteTask;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Jobs;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench workflow`: drives complete cases through the application layer on the real
/// database (submit, acceptance, spatial check, review, decision: every human step automated) and
/// measures cases/s, workflow transitions/s and task-completion (resume) latency, optionally on top
/// of a table pre-loaded with finished instances.
/// </summary>
internal static class WorkflowBenchmark
{
    public static Command Command()
    {
        var cases = new Option<int>("--cases") { Description = "Complete cases to drive.", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Cases driven at the same time.", DefaultValueFactory = _ => 8 };
        var preload = new Option<int>("--preload") { Description = "Finished instances (with their cases and tasks) to have in the tables first.", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup") { Description = "Cases driven first and not timed, so the figures are of a warmed-up process (compiled code, pooled connections) as a running server is.", DefaultValueFactory = _ => 100 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("workflow", "Drives complete cases through the workflow and times them.") { cases, concurrency, preload, warmup, jsonOut };
        command.SetAction((parse, ct) => CliHost.RunAsync("bench workflow",
            (services, token) => RunAsync(services, parse.GetValue(cases), parse.GetValue(concurrency), parse.GetValue(preload), parse.GetValue(warmup), parse.GetValue(jsonOut), token),
            ct,
            // Background work runs inline in the driver instead of through a Hangfire server, so the
            // figures measure the workflow, not the job queue's polling.
            services => services.AddSingleton<IJobScheduler, InlineJobScheduler>()));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider root, int caseCount, int concurrency, int preload, int warmup, FileInfo? jsonOut, CancellationToken ct)
    {
        var db = root.GetRequiredService<ApprovalsDbContext>();
        await db.Database.MigrateAsync(ct);
        await root.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(DemoCommands.DefaultPassword), ct);
        if (!await db.Set<BaseMapLayer>().AnyAsync(l => l.IsCurrent, ct))
        {
            Console.Error.WriteLine("Loading 20,000 synthetic base-map features…");
            await root.GetRequiredService<IMediator>().Send(new GenerateBaseMapsCommand(1, 20_000), ct);
        }
        var finished = await db.Set<WorkflowInstanceRecord>().CountAsync(i => i.Status == Approvals.Workflows.Runtime.WorkflowStatus.Finished, ct);
        if (finished < preload)
        {
            Console.Error.WriteLine($"Pre-loading {preload - finished:N0} finished instances…");
            var sw = Stopwatch.StartNew();
            await PreloadAsync(db, preload - finished, ct);
            Console.Error.WriteLine($"Pre-loaded in {sw.Elapsed.TotalSeconds:F0} s.");
            finished = preload;
        }

        var actors = await ActorsAsync(db, ct);
        var scheduler = (InlineJobScheduler)root.GetRequiredService<IJobScheduler>();
        var scopes = root.GetRequiredService<IServiceScopeFactory>();
        if (warmup > 0)
        {
            Console.Error.WriteLine($"Warming up with {warmup} cases (not timed)…");
            await DriveAsync(-warmup, 0, concurrency, scopes, actors, scheduler, new ConcurrentBag<double>(), ct);
        }
        var latencies = new ConcurrentBag<double>();
        var journalBefore = await db.Set<WorkflowJournalRecord>().LongCountAsync(ct);
        var machineBefore = MachineCpu.Read();
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.StartNew();
        await DriveAsync(1, caseCount, concurrency, scopes, actors, scheduler, latencies, ct);
        var elapsed = started.Elapsed.TotalSeconds;
        var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalSeconds;
        var machineCpu = MachineCpu.Read() - machineBefore;
        var transitions = await db.Set<WorkflowJournalRecord>().LongCountAsync(ct) - journalBefore;

        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var result = new
        {
            cases = caseCount, concurrency, preloadedFinishedInstances = finished, seconds = Math.Round(elapsed, 2),
            casesPerSecond = Math.Round(caseCount / elapsed, 1), transitions, transitionsPerSecond = Math.Round(transitions / elapsed, 0),
            appCpuMsPerCase = Math.Round(processCpu * 1000 / caseCount, 1),
            otherCpuMsPerCase = Math.Round(Math.Max(0, machineCpu - processCpu) * 1000 / caseCount, 1),
            resumes = sorted.Length, resumeP50Ms = Math.Round(P(0.50), 2), resumeP95Ms = Math.Round(P(0.95), 2), resumeMaxMs = Math.Round(sorted.LastOrDefault(), 2),
        };
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| cases | concurrency | finished instances before | seconds | cases/s | transitions | transitions/s | resume p50 ms | resume p95 ms | resume max ms | app CPU ms/case | rest of machine (database) CPU ms/case |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(inv, $"| {result.cases} | {concurrency} | {finished:N0} | {result.seconds} | {result.casesPerSecond} | {transitions} | {result.transitionsPerSecond} | {result.resumeP50Ms} | {result.resumeP95Ms} | {result.resumeMaxMs} | {result.appCpuMsPerCase} | {result.otherCpuMsPerCase} |"));
        var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
        Console.WriteLine(json);
        if (jsonOut is not null) await File.WriteAllTextAsync(jsonOut.FullName, json, ct);
        return 0;
    }

    /// <summary>Drives cases numbered first..last, <paramref name="concurrency"/> at a time.</summary>
    private static Task DriveAsync(int first, int last, int concurrency, IServiceScopeFactory scopes, BenchActors actors,
        InlineJobScheduler scheduler, ConcurrentBag<double> latencies, CancellationToken ct)
    {
        var next = first - 1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i <= last)
                await DriveCaseAsync(i, scopes, actors, scheduler, latencies, ct);
        }));
    }

    private sealed record BenchActors(Actor Applicant, Actor Clerk, Actor Land);

    private static async Task<BenchActors> ActorsAsync(ApprovalsDbContext db, CancellationToken ct)
    {
        async Task<Actor> Load(string userName, string role)
        {
            var u = await db.Users.AsNoTracking().SingleAsync(x => x.UserName == userName, ct);
            var level = u.JurisdictionCode is null ? (JurisdictionLevel?)null
                : await db.Jurisdictions.Where(j => j.Code == u.JurisdictionCode).Select(j => j.Level).SingleAsync(ct);
            return new Actor(u.Id, u.UserName!, role, u.JurisdictionCode, level, u.Department, u.OrganisationId);
        }
        return new BenchActors(await Load("applicant", Roles.Applicant), await Load("zezhou.clerk", Roles.Clerk), await Load("zezhou.land", Roles.Reviewer));
    }

    private static async Task DriveCaseAsync(int i, IServiceScopeFactory scopes, BenchActors actors, InlineJobScheduler scheduler, ConcurrentBag<double> latencies, CancellationToken ct)
    {
        var random = new Random(i);
        var west = 112.70 + random.NextDouble() * 0.3;
        var south = 35.40 + random.NextDouble() * 0.3;
        var side = 0.001 + random.NextDouble() * 0.003;
        var boundary = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray(new JsonArray(west, south), new JsonArray(west + side, south),
                new JsonArray(west + side, south + side), new JsonArray(west, south + side), new JsonArray(west, south))),
        });
        var submitted = await SendAsync(scopes, actors.Applicant, new SubmitCaseCommand($"bench-{Guid.NewGuid()}", "140525",
            new ProjectInput($"基准测试项目 {i}", null, "晋城示范能源有限公司", "交通"), JurisdictionLevel.County,
            [new CaseUse(UseType.Land, null)], boundary, Documents: BenchDocuments.For([UseType.Land])), ct);
        var acceptance = await WaitForTaskAsync(scopes, scheduler, submitted.Id, ct);
        await CompleteAsync(scopes, actors.Clerk, submitted.Id, TaskStage.Acceptance, TaskOutcome.Accept, latencies, ct, acceptance.Id);
        // The boundary may hit forest land or other layers: every department the routing asks for agrees, at every level.
        OpenTask task;
        while ((task = await WaitForTaskAsync(scopes, scheduler, submitted.Id, ct)).Stage != TaskStage.Decision)
        {
            var reviewer = actors.Land with { Department = task.Department, JurisdictionCode = task.JurisdictionCode, JurisdictionLevel = task.Level };
            await CompleteAsync(scopes, reviewer, submitted.Id, TaskStage.Review, TaskOutcome.Agree, latencies, ct, task.Id);
        }
        var decision = task;
        var decider = actors.Land with { Department = decision.Department, JurisdictionCode = decision.JurisdictionCode, JurisdictionLevel = decision.Level };
        await CompleteAsync(scopes, decider, submitted.Id, TaskStage.Decision, TaskOutcome.Approve, latencies, ct, decision.Id);
    }

    /// <summary>The case's next open task, running due background work (the spatial check) until one appears.</summary>
    private static async Task<OpenTask> WaitForTaskAsync(IServiceScopeFactory scopes, InlineJobScheduler scheduler, Guid caseId, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await scheduler.DrainAsync(scopes, ct);
            if (await OpenTaskAsync(scopes, caseId, ct) is { } task) return task;
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException($"Case {caseId} has no open task after 30 s.");
            await Task.Delay(2, ct);
        }
    }

    /// <summary>The driver's own look-up, kept light (one prepared statement) so that its cost stays out of the figures.</summary>
    private static async Task<OpenTask?> OpenTaskAsync(IServiceScopeFactory scopes, Guid caseId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var command = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT id, stage, department, jurisdiction_code, level FROM review_tasks
            WHERE case_id = $1 AND status = 'Open' ORDER BY created_at LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new OpenTask(reader.GetGuid(0), Enum.Parse<TaskStage>(reader.GetString(1)),
            reader.IsDBNull(2) ? null : Enum.Parse<Department>(reader.GetString(2)), reader.GetString(3), Enum.Parse<JurisdictionLevel>(reader.GetString(4)));
    }

    private sealed record OpenTask(Guid Id, TaskStage Stage, Department? Department, string JurisdictionCode, JurisdictionLevel Level);

    private static async Task CompleteAsync(IServiceScopeFactory scopes, Actor actor, Guid caseId, TaskStage stage, TaskOutcome outcome,
        ConcurrentBag<double> latencies, CancellationToken ct, Guid? taskId = null)
    {
        var id = taskId ?? throw new InvalidOperationException($"Case {caseId} has no open {stage} task.");
        var sw = Stopwatch.StartNew();
        await SendAsync(scopes, actor, new CompleteTaskCommand(id, outcome, "基准测试：同意。"), ct);
        latencies.Add(sw.Elapsed.TotalMilliseconds);
    }

    private static async Task<T> SendAsync<T>(IServiceScopeFactory scopes, Actor actor, ICommand<T> command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = actor;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, ct);
    }

    /// <summary>Finished instances with their cases and completed tasks, written in bulk by SQL.</summary>
    private static async Task PreloadAsync(ApprovalsDbContext db, int count, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var applicant = await db.Users.Where(u => u.UserName == "applicant").Select(u => new { u.Id, u.OrganisationId }).SingleAsync(ct);
        const int batch = 100_000;
        // Case numbers of the pre-loaded history must not collide with an earlier pre-load.
        var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        // Like seed-demo: the dashboard's per-case triggers are off for the bulk insert, and its read model is rebuilt once.
        await db.Database.ExecuteSqlRawAsync(Application.Dashboard.DashboardSchema.DisableTriggers, ct);
        for (var done = 0; done < count; done += batch)
        {
            var n = Math.Min(batch, count - done);
            await db.Database.ExecuteSqlInterpolatedAsync($$"""
                WITH rows AS (
                    SELECT gen_random_uuid() AS case_id, gen_random_uuid() AS instance_id, g,
                           'H-' || {{runId}} || '-' || lpad(({{done}} + g)::text, 9, '0') AS number
                    FROM generate_series(1, {{n}}) AS g
                ), instances AS (
                    INSERT INTO workflow_instances (id, definition_id, definition_version, status, state, case_id, created_at, updated_at, version)
                    SELECT instance_id, 'joint-preapproval', 1, 'Finished', '{"status":"Finished"}'::jsonb, case_id, now() - interval '200 days', now() - interval '150 days', 6
                    FROM rows
                ), cases AS (
                    INSERT INTO cases (id, number, applicant_user_id, organisation_id, county_code, project_name, project_owner, project_type,
                        declared_approval_level, uses, boundary_file, boundary, boundary_area_m2, required_departments, status, submitted_at,
                        closed_at, extended, forward_to_national, infrastructure_public_or_defence, workflow_instance_id, version)
                    SELECT case_id, number, {{applicant.Id}}, {{applicant.OrganisationId}}, '140525', '历史项目', '历史建设单位', '交通',
                        'County', '[{"type": 1, "areaHa": null, "mineral": null, "forestKind": null, "forestTerm": null, "basicGrassland": null}]'::jsonb, ''::bytea,
                        ST_Multi(ST_MakeEnvelope(38400000 + (g % 1000) * 100, 3930000 + (g / 1000 % 1000) * 100, 38400050 + (g % 1000) * 100, 3930050 + (g / 1000 % 1000) * 100, 4526)),
                        2500, ARRAY['Land'], 'Approved', now() - interval '200 days', now() - interval '150 days', false, false, false, instance_id, 5
                    FROM rows
                )
                INSERT INTO review_tasks (id, case_id, workflow_instance_id, bookmark_id, activity_id, name, stage, level, jurisdiction_code,
                    department, candidate_role, created_at, due_on, remind_on, status, completed_at, outcome, opinion, version,
                    case_number, project_name, county_code, use_types)
                SELECT gen_random_uuid(), case_id, instance_id, gen_random_uuid(), 'review-land', '用地审查', 'Review', 'County', '140525',
                    'Land', 'reviewer', now() - interval '190 days', current_date - 170, current_date - 174, 'Completed', now() - interval '180 days', 'Agree', '同意', 2,
                    number, '历史项目', '140525', 2
                FROM rows
                """, ct);
            Console.Error.WriteLine($"  {done + n:N0}");
        }
        await db.Database.ExecuteSqlRawAsync(Application.Dashboard.DashboardSchema.EnableTriggers, ct);
        await db.Database.ExecuteSqlRawAsync("SELECT dashboard_refresh(NULL)", ct);
        await db.Database.ExecuteSqlRawAsync("ANALYZE workflow_instances; ANALYZE cases; ANALYZE review_tasks;", ct);
    }
}

/// <summary>The benchmark's job port: messages are queued in memory and run by the driver itself.</summary>
internal sealed class InlineJobScheduler : IJobScheduler
{
    private readonly ConcurrentQueue<Guid> _pending = new();

    public string Schedule(Guid outboxMessageId, DateTimeOffset? runAt)
    {
        // Timers in the future are not part of a case's happy path; only work due now is run.
        if (runAt is null || runAt <= DateTimeOffset.UtcNow) _pending.Enqueue(outboxMessageId);
        return $"inline:{outboxMessageId}";
    }

    public void Delete(string jobId) { }

    public async Task DrainAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        while (_pending.TryDequeue(out var id))
            await new OutboxWork(scopes).RunAsync(id, ct);
    }
}
