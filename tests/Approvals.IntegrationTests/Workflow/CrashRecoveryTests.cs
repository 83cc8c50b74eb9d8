using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Foundation;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>
/// The web host runs as a real process on a database of its own and is killed (SIGKILL) while
/// acceptances are being completed; after a restart every case continues from its last committed
/// state, with no task lost and none duplicated.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private Process? host;
    private readonly int port = FreePort();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        var seeded = await CommandLine.RunAsync($"seed-demo --password {ApprovalsApp.Password}", database.ConnectionString);
        Assert.True(seeded.ExitCode == 0, seeded.Error);
    }

    public async Task DisposeAsync()
    {
        StopHost();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_host_killed_mid_run_resumes_every_case_without_losing_or_duplicating_tasks()
    {
        await StartHostAsync();
        var applicant = await SignInAsync("applicant");
        var clerk = await SignInAsync("zezhou.clerk");
        var caseIds = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var response = await applicant.PostAsJsonAsync("/api/cases", new
            {
                idempotencyKey = $"crash-{i}", countyCode = "140525", declaredApprovalLevel = "County",
                project = new { name = $"崩溃恢复测试项目 {i}", owner = "晋城示范能源有限公司", type = "交通" },
                uses = new[] { new { type = "Land" } },
                boundary = CaseDriver.Square(west: 112.80 + i * 0.01, south: 35.45),
                documents = CaseDriver.DocumentsFor(new JsonArray(CaseDriver.LandUse())),
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            caseIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        var acceptance = await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=100");
        var tasks = acceptance.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(12, tasks.Count);

        // Complete every acceptance at once and kill the host as soon as the first ones have answered,
        // so some commits land, some are cut off in flight and some background work is left queued.
        var inFlight = tasks.Select(id => clerk.PostAsJsonAsync($"/api/tasks/{id}/complete", new { outcome = "Accept", opinion = "予以受理。" })).ToList();
        var answered = 0;
        while (answered < 3 && inFlight.Any(t => !t.IsCompleted))
        {
            await Task.WhenAny(inFlight.Where(t => !t.IsCompleted));
            answered = inFlight.Count(t => t.IsCompletedSuccessfully);
        }
        host!.Kill(entireProcessTree: true);
        await host.WaitForExitAsync();
        await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        await StartHostAsync();
        var admin = await SignInAsync("admin");
        var reviewer = await SignInAsync("zezhou.land");
        clerk = await SignInAsync("zezhou.clerk");

        // Every case ends up with exactly one open task: its acceptance (not committed before the kill)
        // or its land review (accepted, and the spatial check ran after the restart if not before).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var open = await OpenTasksByCaseAsync();
            if (caseIds.All(id => open.TryGetValue(id, out var stages) && stages.Count == 1 && !stages.Contains("SpatialPending")))
            {
                var accepted = await database.ScalarAsync<long>("SELECT count(*) FROM review_tasks WHERE stage = 'Acceptance' AND status = 'Completed'");
                Assert.Equal(accepted, open.Values.Count(s => s[0] == "Review"));
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Cases did not settle after the restart: {JsonSerializer.Serialize(open)}");
            await Task.Delay(500);
        }
        Assert.Equal(0, await database.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT case_id, stage, level, department FROM review_tasks GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d"));

        // And every case runs on to its decision after the restart.
        var driver = new CaseDriver(null);
        foreach (var id in caseIds)
        {
            if ((await driver.CaseAsync(admin, id)).GetProperty("status").GetString() == "AwaitingAcceptance")
                await driver.CompleteOkAsync(clerk, id, "Accept", "Acceptance");
            await driver.CompleteOkAsync(reviewer, id, "Agree", "Review");
            await driver.CompleteOkAsync(reviewer, id, "Approve", "Decision");
        }
        foreach (var id in caseIds)
            Assert.Equal("Approved", (await driver.WaitForStatusAsync(admin, id, "Approved")).GetProperty("status").GetString());
    }

    /// <summary>Open task stages per case; a case accepted whose review is not there yet counts as "SpatialPending".</summary>
    private async Task<Dictionary<Guid, List<string>>> OpenTasksByCaseAsync()
    {
        var result = new Dictionary<Guid, List<string>>();
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT c.id, t.stage FROM cases c LEFT JOIN review_tasks t ON t.case_id = c.id AND t.status = 'Open'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            if (!result.TryGetValue(id, out var stages)) result[id] = stages = [];
            stages.Add(reader.IsDBNull(1) ? "SpatialPending" : reader.GetString(1));
        }
        return result;
    }

    private async Task StartHostAsync()
    {
        var dll = WebHostAssembly();
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment.Remove("APPROVALS_DB");
        start.Environment["ConnectionStrings__Approvals"] = database.ConnectionString;
        start.Environment["Approvals__Mode"] = "all";
        start.Environment["Approvals__JobInvisibilityTimeout"] = "00:00:10";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        host = Process.Start(start)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        using var probe = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            Assert.False(host.HasExited, "The web host exited while starting.");
            Assert.True(DateTime.UtcNow < deadline, "The web host did not become ready.");
            await Task.Delay(200);
        }
    }

    private void StopHost()
    {
        if (host is { HasExited: false }) host.Kill(entireProcessTree: true);
        host?.Dispose();
        host = null;
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password = ApprovalsApp.Password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    /// <summary>The web host as built beside this test assembly's configuration (src/Approvals.Web/bin/…).</summary>
    private static string WebHostAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Approvals.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(dir!.FullName, "src", "Approvals.Web", "bin", configuration, "net10.0", "Approvals.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
