using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// One node of the system as an operator runs it: the built web host (src/Approvals.Web/bin/…) as a
/// process of its own on a loopback port, in a given mode (all, web, worker) with the given settings.
/// It can be killed (SIGKILL, nothing flushed) and started again on the same port.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly string name;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly ConcurrentQueue<string> lastLines = new();
    private Process? process;

    public HostProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        this.name = name;
        this.settings = settings;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }
    public Uri BaseAddress { get; }
    public bool IsRunning => process is { HasExited: false };

    /// <summary>Starts the node and waits until /health/ready answers (every mode serves it).</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var dll = WebHostAssembly();
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls {BaseAddress.ToString().TrimEnd('/')}")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment.Remove("APPROVALS_DB");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            try
            {
                if ((await probe.GetAsync(new Uri(BaseAddress, "/health/ready"))).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (process.HasExited) throw new InvalidOperationException($"Node {name} exited while starting (code {process.ExitCode}):\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Node {name} did not become ready:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL, as a power cut or the OOM killer would: no shutdown hooks, no flushing.</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// <summary>The node's last lines of output, for a failure message.</summary>
    public string Output => $"[{name}] " + string.Join("\n", lastLines);

    public void Dispose()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.Dispose();
        process = null;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lastLines.Enqueue(line);
        while (lastLines.Count > 60) lastLines.TryDequeue(out _);
    }

    /// <summary>The web host as built beside this test assembly's configuration (src/Approvals.Web/bin/…).</summary>
    public static string WebHostAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Approvals.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"No Approvals.sln above {AppContext.BaseDirectory}.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(dir.FullName, "src", "Approvals.Web", "bin", configuration, "net10.0", "Approvals.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is not built (build Approvals.sln first).");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
