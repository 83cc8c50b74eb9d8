using System.CommandLine;
using System.Globalization;
using Approvals.Infrastructure.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>`approvals backup --to FILE` and `approvals restore --from FILE`: the whole database as one pg_dump archive.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var to = new Option<FileInfo>("--to") { Description = "The archive to write (pg_dump custom format); replaced only once the new one is complete.", Required = true };
        var command = new Command("backup",
            "Backs up the whole database (application tables, attachments, the audit trail, Hangfire's schema) with pg_dump into one file.") { to };
        command.SetAction((parse, ct) => CliHost.RunAsync("backup", async (services, token) =>
        {
            try
            {
                var backup = await DatabaseBackup.WriteAsync(DatabaseConnection.Resolve(services.GetRequiredService<IConfiguration>()), parse.GetValue(to)!.FullName, token);
                Console.WriteLine($"Backed up database \"{backup.Database}\" to {backup.File} ({Size(backup.Bytes)}) with {backup.Tool}:");
                Console.WriteLine($"  {backup.Contents}.");
                return 0;
            }
            catch (PostgresToolException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        }, ct));
        return command;
    }

    public static Command Restore()
    {
        var from = new Option<FileInfo>("--from") { Description = "An archive written by `approvals backup`.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace what the database holds (its tables, views, functions and the archive's schemas) instead of refusing." };
        var command = new Command("restore",
            "Restores a backup into the configured database (APPROVALS_DB), which must be empty unless --force; in one transaction.") { from, force };
        command.SetAction((parse, ct) => CliHost.RunAsync("restore", async (services, token) =>
        {
            try
            {
                var restore = await DatabaseBackup.RestoreAsync(DatabaseConnection.Resolve(services.GetRequiredService<IConfiguration>()),
                    parse.GetValue(from)!.FullName, parse.GetValue(force), token);
                Console.WriteLine($"Restored {restore.File} ({Size(restore.Bytes)}) into database \"{restore.Database}\"" +
                                  $"{(restore.Replaced ? ", replacing what it held," : "")} with {restore.Tool}:");
                Console.WriteLine($"  {restore.Contents}.");
                Console.WriteLine("Next: `approvals migrate` if this build is newer than the backup, then `approvals audit verify`.");
                return 0;
            }
            catch (RestoreRefusedException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (PostgresToolException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        }, ct));
        return command;
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N1} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:N1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024 / 1024:N2} GB"),
    };
}
