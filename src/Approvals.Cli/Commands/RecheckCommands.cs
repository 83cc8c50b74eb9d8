using System.CommandLine;
using System.Globalization;
using Approvals.Application.Identity;
using Approvals.Application.Rechecks.RecheckCase;
using Approvals.Application.Rechecks.StartManualRecheck;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>`approvals recheck --category CODE | --case NUMBER`: checks open cases again by hand (reason: manual re-check).</summary>
internal static class RecheckCommands
{
    public static Command Recheck()
    {
        var category = new Option<string?>("--category") { Description = "Every open, checked case the category's current data covers or whose report hits it, e.g. PBF." };
        var number = new Option<string?>("--case") { Description = "One open case by its number, e.g. 140525-2026-00017 (on every category)." };
        var parallel = new Option<int>("--parallel") { Description = "Cases checked at once.", DefaultValueFactory = _ => 4 };
        var command = new Command("recheck", "Checks open cases again on the current base maps, as after a base-map change: a new report version for each, " +
            "and where it differs the timeline, notifications and the routing follow. Decided cases are never changed.") { category, number, parallel };
        command.SetAction((parse, ct) => CliHost.RunAsync("recheck", async (services, token) =>
        {
            try
            {
                var started = await services.GetRequiredService<IMediator>().Send(
                    new StartManualRecheckCommand(parse.GetValue(category), parse.GetValue(number)), token);
                var results = await RunAsync(services, started.RecheckId, started.CaseIds, Math.Max(1, parse.GetValue(parallel)),
                    (done, total) => { if (done % 50 == 0 || done == total) Console.Error.WriteLine($"{done:N0} / {total:N0}"); }, token);
                foreach (var (caseId, result) in results.Where(r => r.Result.Outcome == "changed"))
                    Console.WriteLine($"{caseId}: v{result.Version}: {string.Join("; ", result.Differences)}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Re-checked {results.Count:N0} case(s): {results.Count(r => r.Result.Outcome == "changed"):N0} changed, {results.Count(r => r.Result.Outcome == "unchanged"):N0} unchanged, {results.Count(r => r.Result.Outcome is "skipped" or "already-done"):N0} skipped."));
                return 0;
            }
            catch (ValidationException e)
            {
                foreach (var error in e.Errors) Console.Error.WriteLine(error.ErrorMessage);
                return 2;
            }
        }, ct));
        return command;
    }

    /// <summary>Runs a round's cases in this process, <paramref name="parallel"/> at a time, each in a scope of its own (as a worker's job would).</summary>
    public static async Task<List<(Guid CaseId, RecheckCaseResult Result)>> RunAsync(IServiceProvider services, Guid recheckId, IReadOnlyList<Guid> caseIds, int parallel,
        Action<int, int>? progress, CancellationToken ct)
    {
        var results = new List<(Guid, RecheckCaseResult)>();
        var done = 0;
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await Parallel.ForEachAsync(caseIds, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (caseId, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("cli:recheck");
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecheckCaseCommand(recheckId, caseId), token);
            lock (results)
            {
                results.Add((caseId, result));
                progress?.Invoke(++done, caseIds.Count);
            }
        });
        return results;
    }
}
