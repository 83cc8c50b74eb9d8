using System.CommandLine;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

internal static class DatabaseCommands
{
    public static Command Migrate()
    {
        var command = new Command("migrate", "Creates or upgrades the database schema (EF Core migrations).");
        command.SetAction((_, ct) => CliHost.RunAsync("migrate", async (services, token) =>
        {
            var db = services.GetRequiredService<ApprovalsDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(token)).ToList();
            await db.Database.MigrateAsync(token);
            Console.WriteLine(pending.Count == 0
                ? "The database schema is up to date."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            return 0;
        }, ct));
        return command;
    }
}
