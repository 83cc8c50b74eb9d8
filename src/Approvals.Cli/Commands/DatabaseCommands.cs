using System.CommandLine;
using Approvals.Application.Dashboard;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

internal static class DatabaseCommands
{
    public static Command Migrate()
    {
        var command = new Command("migrate", "Creates or upgrades the database schema (EF Core migrations) and the dashboard's copy of the working-day calendar.");
        command.SetAction((_, ct) => CliHost.RunAsync("migrate", async (services, token) =>
        {
            var db = services.GetRequiredService<ApprovalsDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(token)).ToList();
            await db.Database.MigrateAsync(token);
            Console.WriteLine(pending.Count == 0
                ? "The database schema is up to date."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            // The working-day calendar ships with the rules files, so a deployment is when it changes: the dashboard's
            // copy (and every case's durations) is brought up to date here rather than in the first supervisor's request.
            await DashboardCalendar.EnsureAsync(db, services.GetRequiredService<ProvinceRules>().Calendar, token);
            return 0;
        }, ct));
        return command;
    }
}
