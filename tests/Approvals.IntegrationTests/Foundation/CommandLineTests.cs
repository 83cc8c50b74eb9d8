using System.Diagnostics;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>Runs the built `approvals` command as a separate process, as an operator would.</summary>
public static class CommandLine
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string arguments, string? database,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "approvals.dll")}\" {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment.Remove("APPROVALS_DB");
        if (database is not null) start.Environment["APPROVALS_DB"] = database;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

public sealed class CommandLineTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunApprovals(string arguments, string? database) =>
        CommandLine.RunAsync(arguments, database);

    [Fact]
    public async Task An_unreachable_database_is_reported_in_one_line_without_a_stack_trace()
    {
        var (exit, _, error) = await RunApprovals("migrate", "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=y");
        Assert.NotEqual(0, exit);
        var lines = error.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("Cannot reach the database at 127.0.0.1:1", lines[0]);
    }

    [Fact]
    public async Task Without_a_configured_database_the_command_says_how_to_configure_one()
    {
        var (exit, _, error) = await RunApprovals("migrate", null);
        Assert.NotEqual(0, exit);
        Assert.Contains("APPROVALS_DB", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Help_lists_the_subcommands()
    {
        var (exit, output, _) = await RunApprovals("--help", null);
        Assert.Equal(0, exit);
        foreach (var command in new[] { "migrate", "seed-demo", "audit" }) Assert.Contains(command, output);
    }
}
