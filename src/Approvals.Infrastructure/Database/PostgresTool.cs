using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Approvals.Infrastructure.Database;

/// <summary>
/// One of PostgreSQL's client programs (pg_dump, pg_restore) in a version that works with the server,
/// run with the application's connection settings. The password goes through PGPASSWORD, never the
/// command line, where any user of the machine could read it.
/// </summary>
public sealed partial record PostgresTool(string Name, string Path, int Major, string Version)
{
    /// <summary>Where Debian and Ubuntu install each major version side by side (postgresql-client-N).</summary>
    private const string DebianRoot = "/usr/lib/postgresql";

    public override string ToString() => $"{Path} (PostgreSQL {Version})";

    /// <summary>
    /// The program of the server's major version if there is one (Debian's versioned folder first, then
    /// PATH), else the oldest newer one: pg_dump refuses servers newer than itself, and an archive is read
    /// by pg_restore of its own version or later.
    /// </summary>
    public static async Task<PostgresTool> FindAsync(string name, int serverMajor, CancellationToken ct)
    {
        var candidates = new List<string> { System.IO.Path.Combine(DebianRoot, serverMajor.ToString(CultureInfo.InvariantCulture), "bin", name) };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name)));
        if (Directory.Exists(DebianRoot))
            candidates.AddRange(Directory.GetDirectories(DebianRoot).Select(folder => System.IO.Path.Combine(folder, "bin", name)));

        var newer = new List<PostgresTool>();
        foreach (var path in candidates.Distinct())
        {
            if (!File.Exists(path)) continue;
            var tool = await IdentifyAsync(name, path, ct);
            if (tool is null) continue;
            if (tool.Major == serverMajor) return tool;
            if (tool.Major > serverMajor) newer.Add(tool);
        }
        return newer.OrderBy(t => t.Major).FirstOrDefault()
            ?? throw new PostgresToolException(
                $"{name} for PostgreSQL {serverMajor} (or newer) was not found in {DebianRoot}/{serverMajor}/bin or on the PATH; " +
                $"install PostgreSQL's client programs, e.g. `apt-get install postgresql-client-{serverMajor}`.");
    }

    private static async Task<PostgresTool?> IdentifyAsync(string name, string path, CancellationToken ct)
    {
        try
        {
            var (exit, output, _) = await ExecuteAsync(new ProcessStartInfo(path, "--version"), ct);
            var match = VersionPattern().Match(output);
            return exit == 0 && match.Success
                ? new PostgresTool(name, path, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[0].Value.Split(' ')[^1])
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not executable
        }
    }

    /// <summary>
    /// Runs the program on <paramref name="arguments"/>, adding the connection (host, port, user, database)
    /// when <paramref name="connection"/> is given; returns what it wrote to standard output.
    /// </summary>
    public async Task<string> RunAsync(IEnumerable<string> arguments, NpgsqlConnectionStringBuilder? connection, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Path);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (connection is not null)
        {
            if (!string.IsNullOrEmpty(connection.Host)) start.ArgumentList.Add($"--host={connection.Host}");
            start.ArgumentList.Add($"--port={connection.Port.ToString(CultureInfo.InvariantCulture)}");
            if (!string.IsNullOrEmpty(connection.Username)) start.ArgumentList.Add($"--username={connection.Username}");
            start.ArgumentList.Add($"--dbname={connection.Database}");
            // Never wait for a password prompt nobody will answer.
            start.ArgumentList.Add("--no-password");
            if (!string.IsNullOrEmpty(connection.Password)) start.Environment["PGPASSWORD"] = connection.Password;
            start.Environment["PGSSLMODE"] = connection.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            };
            start.Environment["PGCONNECT_TIMEOUT"] = Math.Max(2, connection.Timeout).ToString(CultureInfo.InvariantCulture);
            start.Environment["PGAPPNAME"] = $"approvals {Name}";
        }
        var (exit, output, error) = await ExecuteAsync(start, ct);
        if (exit != 0)
        {
            // pg_dump and pg_restore say what went wrong on lines of their own ("pg_restore: error: …").
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var reason = string.Join(" ", lines.Where(l => !l.StartsWith("pg_restore: warning", StringComparison.Ordinal)).Take(4));
            throw new PostgresToolException($"{Name} failed (exit {exit}): {(reason.Length > 0 ? reason : "no message")}");
        }
        return output;
    }

    private static async Task<(int Exit, string Output, string Error)> ExecuteAsync(ProcessStartInfo start, CancellationToken ct)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        using var process = Process.Start(start) ?? throw new PostgresToolException($"{start.FileName} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"\(PostgreSQL\) (\d+)(?:\.\d+)*")]
    private static partial Regex VersionPattern();
}

/// <summary>A PostgreSQL client program is missing or failed; the message is meant for the operator.</summary>
public sealed class PostgresToolException(string message) : Exception(message);
