using System.CommandLine;
using Approvals.Application.DemoData.SeedDemoData;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

internal static class DemoCommands
{
    public const string DefaultPassword = "Demo2026pass";

    public static Command SeedDemo()
    {
        var password = new Option<string>("--password") { Description = "Password for every demo login.", DefaultValueFactory = _ => DefaultPassword };
        var cases = new Option<int>("--cases") { Description = "Also generate this many cases of history (the last 12 months, every stage) into an empty case table.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated history (same seed and count, same cases).", DefaultValueFactory = _ => 2026 };
        var command = new Command("seed-demo", "Creates the demo logins for every role and level (safe to run again); --cases N adds a year of case history.") { password, cases, seed };
        command.SetAction((parse, ct) => CliHost.RunAsync("seed-demo", async (services, token) =>
        {
            var result = await services.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(parse.GetValue(password)!, parse.GetValue(cases), parse.GetValue(seed)), token);
            Console.WriteLine($"Demo logins (password for all: {parse.GetValue(password)}):");
            foreach (var group in result.Logins.GroupBy(l => l.Role))
            {
                Console.WriteLine($"  {group.Key}:");
                foreach (var l in group)
                    Console.WriteLine($"    {l.UserName,-22} {l.DisplayName}");
            }
            if (result.History is { } h)
                Console.WriteLine(h.SkippedBecause is { } why
                    ? $"Case history: {why}."
                    : $"Case history: {h.Generated:N0} cases ({h.Open:N0} open), {h.Tasks:N0} tasks in {h.Elapsed.TotalSeconds:N1} s.");
            return 0;
        }, ct));
        return command;
    }
}
