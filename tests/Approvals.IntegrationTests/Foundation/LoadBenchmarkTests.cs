using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>`approvals bench load` against a host running as a process of its own on a database of its own.</summary>
public sealed class LoadBenchmarkTests
{
    [Fact]
    public async Task Simulated_applicants_reviewers_and_supervisors_work_against_a_running_host_without_errors_and_the_figures_are_written()
    {
        await using var database = await TestDatabase.CreateAsync();
        var seeded = await CommandLine.RunAsync($"seed-demo --password {ApprovalsApp.Password} --cases 60", database.ConnectionString);
        Assert.True(seeded.ExitCode == 0, seeded.Error);
        using var host = new HostProcess("host", new Dictionary<string, string>
        {
            ["ConnectionStrings__Approvals"] = database.ConnectionString,
            ["Approvals__Mode"] = "all",
        });
        await host.StartAsync();
        var json = Path.Combine(Path.GetTempPath(), $"approvals-load-{Guid.NewGuid():N}.json");
        try
        {
            var run = await CommandLine.RunAsync(
                $"bench load --url {host.BaseAddress} --users 20 --minutes 0.6 --think-min 0.1 --think-max 0.3 --ramp-up 2 --password {ApprovalsApp.Password} --json-out {json}",
                null);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains("p95 ms", run.Output);

            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = results.RootElement;
            Assert.True(root.GetProperty("errors").GetInt32() == 0, run.Output + run.Error);
            Assert.Equal((7, 10, 3), (root.GetProperty("applicants").GetInt32(), root.GetProperty("reviewers").GetInt32(), root.GetProperty("supervisors").GetInt32()));
            var kinds = root.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, k => k.GetProperty("count").GetInt32());
            // Every person signed in once (applicants after registering: the first run on this database).
            Assert.Equal(7, kinds["POST /api/applicants"]);
            foreach (var kind in new[]
            {
                "POST /api/spatial-checks", "POST /api/cases", "GET /portal", "GET /api/inbox", "GET /api/tasks/{id}/review",
                "GET /inbox/tasks/{id}", "GET /dashboard", "GET /api/dashboard/{panel}",
            })
                Assert.True(kinds.GetValueOrDefault(kind) > 0, $"No {kind} in {string.Join(", ", kinds.Keys)}");
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task Only_this_machine_is_loaded()
    {
        var refused = await CommandLine.RunAsync("bench load --url http://192.0.2.10:5080 --users 1 --minutes 1", null);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("only targets this machine", refused.Error);
    }
}
