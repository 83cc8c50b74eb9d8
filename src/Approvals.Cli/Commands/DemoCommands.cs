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
        var command = new Command("seed-demo", "Creates the demo logins for every role and level (safe to run again).") { password };
        command.SetAction((parse, ct) => CliHost.RunAsync("seed-demo", async (services, token) =>
        {
            var logins = await services.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(parse.GetValue(password)!), token);
            Console.WriteLine($"Demo logins (password for all: {parse.GetValue(password)}):");
            foreach (var group in logins.GroupBy(l => l.Role))
            {
                Console.WriteLine($"  {group.Key}:");
                foreach (var l in group)
                    Console.WriteLine($"    {l.UserName,-22} {l.DisplayName}");
            }
            return 0;
        }, ct));
        return command;
    }
}
