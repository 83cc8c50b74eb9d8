using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Approvals.Application.Cases;
using Approvals.Application.Dashboard;
using Approvals.Application.Dashboard.GetDashboardPanel;
using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench dashboard`: every dashboard panel as a province supervisor sees it (unfiltered, the
/// last twelve months), each run many times through the application layer on the real database; prints
/// p50, p95 and max per panel, then one filtered round (a county, a use type, a level) for comparison.
/// With --cases N it first generates that history when the database has no cases.
/// </summary>
internal static class DashboardBenchmark
{
    public static Command Command()
    {
        var cases = new Option<int>("--cases") { Description = "Generate this many cases of history first when the database has none.", DefaultValueFactory = _ => 0 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per panel (after two warm-up runs).", DefaultValueFactory = _ => 30 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("dashboard", "Times the supervisor dashboard's queries (p50/p95/max per panel).") { cases, runs, jsonOut };
        command.SetAction((parse, ct) => CliHost.RunAsync("bench dashboard",
            (services, token) => RunAsync(services, parse.GetValue(cases), parse.GetValue(runs), parse.GetValue(jsonOut), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider root, int caseCount, int runs, FileInfo? jsonOut, CancellationToken ct)
    {
        var db = root.GetRequiredService<ApprovalsDbContext>();
        await db.Database.MigrateAsync(ct);
        var seeded = await root.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(DemoCommands.DefaultPassword, caseCount), ct);
        if (seeded.History is { SkippedBecause: null } h)
            Console.Error.WriteLine($"Generated {h.Generated:N0} cases in {h.Elapsed.TotalSeconds:N0} s.");
        var total = await db.Set<Case>().CountAsync(ct);
        var open = await db.Set<Case>().CountAsync(c => c.ClosedAt == null, ct);
        var tasks = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM review_tasks").SingleAsync(ct);

        var scopes = root.GetRequiredService<IServiceScopeFactory>();
        var province = new Actor(Guid.CreateVersion7(), "bench.province.supervisor", Roles.Supervisor, "140000", JurisdictionLevel.Province, null, null);
        var results = new List<(string Panel, string Filter, double P50, double P95, double Max)>();
        foreach (var (label, filter) in new[] { ("none", new DashboardFilter()), ("county+use+level", new DashboardFilter(County: "140525", UseType: Domain.UseTypes.UseType.Land, Level: JurisdictionLevel.City)) })
        {
            foreach (var panel in root.GetRequiredService<DashboardPanels>().Names)
            {
                var times = new List<double>();
                for (var i = 0; i < runs + 2; i++)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = province;
                    var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                    var watch = Stopwatch.StartNew();
                    await mediator.Send(new GetDashboardPanelQuery(panel, filter), ct);
                    if (i >= 2) times.Add(watch.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                results.Add((panel, label, Percentile(times, 0.5), Percentile(times, 0.95), times[^1]));
            }
            if (label == "none") runs = Math.Max(5, runs / 3);
        }

        Console.WriteLine($"Dashboard benchmark: {total:N0} cases ({open:N0} open), {tasks:N0} tasks; province supervisor; {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"panel",-22} {"filter",-17} {"p50 ms",9} {"p95 ms",9} {"max ms",9}");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Panel,-22} {r.Filter,-17} {r.P50,9:F1} {r.P95,9:F1} {r.Max,9:F1}"));
        var slowest = results.Max(r => r.P95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest p95: {slowest:F1} ms (target 300 ms): {(slowest <= 300 ? "met" : "NOT met")}"));
        if (jsonOut is not null)
            await File.WriteAllTextAsync(jsonOut.FullName, JsonSerializer.Serialize(new
            {
                cases = total, open, tasks, results = results.Select(r => new { panel = r.Panel, filter = r.Filter, p50 = r.P50, p95 = r.P95, max = r.Max }),
            }, new JsonSerializerOptions { WriteIndented = true }), ct);
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
