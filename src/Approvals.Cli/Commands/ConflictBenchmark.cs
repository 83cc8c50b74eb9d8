using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Approvals.Application.Cases;
using Approvals.Application.Configuration;
using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Persistence;
using Approvals.Spatial.Boundaries;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench conflicts`: fills an empty database with the generated case history of `seed-demo --cases` (whose
/// cases have parcels of their own spread over their counties, a few overlapping), then times the conflict check
/// (<see cref="BoundaryConflicts.FindAsync"/>, the one statement the pre-check, the submission and the case read run)
/// for the 1–50 ha parcels applicants draw (<see cref="DemoParcels"/>): p50/p95/max and how many conflicts each found.
/// </summary>
internal static class ConflictBenchmark
{
    public static Command Command()
    {
        var cases = new Option<int>("--cases") { Description = "Cases in the history (generated once into an empty database, reused by later runs).", DefaultValueFactory = _ => 1_000_000 };
        var db = new Option<string?>("--db") { Description = "Npgsql connection string of the benchmark database (default: APPROVALS_DB)." };
        var samples = new Option<int>("--samples") { Description = "Timed checks.", DefaultValueFactory = _ => 500 };
        var command = new Command("conflicts", "Times the check for other cases' overlapping boundaries on a large case history.") { cases, db, samples };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(db) is { Length: > 0 } connection) Environment.SetEnvironmentVariable("APPROVALS_DB", connection);
            return CliHost.RunAsync("bench conflicts", (services, token) => RunAsync(services, parse.GetValue(cases), parse.GetValue(samples), token), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int caseCount, int samples, CancellationToken ct)
    {
        var db = services.GetRequiredService<ApprovalsDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.MigrateAsync(ct);
        var existing = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM cases").SingleAsync(ct);
        if (existing == 0)
        {
            Console.Error.WriteLine($"Generating {caseCount:N0} cases of history (seed-demo --cases)…");
            var history = (await services.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(DemoCommands.DefaultPassword, caseCount), ct)).History!;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generated in {history.Elapsed.TotalSeconds:F0} s."));
        }
        else Console.Error.WriteLine($"Reusing the {existing:N0} cases already there.");
        var total = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM cases").SingleAsync(ct);
        var claiming = await db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM cases WHERE status IN ('AwaitingAcceptance','AwaitingCorrection','UnderReview','AwaitingDecision','Approved')").SingleAsync(ct);

        var options = services.GetRequiredService<ApprovalsOptions>();
        var reader = services.GetRequiredService<BoundaryReader>();
        var parcels = new DemoParcels(new Random(42));
        var boundaries = Enumerable.Range(0, samples + 20).Select(_ =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(parcels.Next().Geometry.ToJsonString());
            return CaseBoundary.Read(reader, json.RootElement, null, null).Geometry;
        }).ToList();
        var now = DateTimeOffset.UtcNow;
        foreach (var b in boundaries.Take(20)) await BoundaryConflicts.FindAsync(db, b, null, options, now, ct); // warm-up, not timed
        var times = new List<double>();
        var found = new List<int>();
        foreach (var b in boundaries.Skip(20))
        {
            var sw = Stopwatch.StartNew();
            var conflicts = await BoundaryConflicts.FindAsync(db, b, null, options, now, ct);
            times.Add(sw.Elapsed.TotalMilliseconds);
            found.Add(conflicts.Count);
        }
        var t = BenchCommands.Stats.Of(times);
        var f = found.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Conflict check: {total:N0} cases ({claiming:N0} open or approved), {samples} parcels of 1–50 ha, {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time ms: p50 {t.P50:F2}  p95 {t.P95:F2}  max {t.Max:F2};  conflicts per parcel: median {f[f.Count / 2]}, p95 {f[(int)(f.Count * 0.95)]}, max {f[^1]}, none for {f.Count(x => x == 0)}"));
        return 0;
    }
}
