using System.Text.Json.Nodes;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class PersistenceAndCancellationTests
{
    private readonly WorkflowTestHost host = new();

    public PersistenceAndCancellationTests() =>
        host.Catalog.PublishFolder(Path.Combine(AppContext.BaseDirectory, "Definitions"));

    private static JsonObject Departments(params string[] names) =>
        new() { ["requiredDepartments"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()) };

    [Fact]
    public async Task The_state_round_trips_through_json_exactly()
    {
        var started = await host.StartAsync("joint-review", Departments("land", "mineral"));
        var afterLand = await host.CompleteTaskAsync(started, "land", "Done");
        var json = afterLand.State.ToJson();

        var restored = WorkflowInstanceState.FromJson(json);

        Assert.Equal(json, restored.ToJson());
        Assert.Equal(afterLand.State.Bookmarks.Select(b => (b.Id, b.TokenId, b.Kind, b.Name, b.DueAt, b.CreatedAt)), restored.Bookmarks.Select(b => (b.Id, b.TokenId, b.Kind, b.Name, b.DueAt, b.CreatedAt)));
        Assert.Equal(1, restored.ForkScopes.Single().Arrived);
        Assert.Contains("\"status\":\"suspended\"", json);
    }

    [Fact]
    public async Task After_a_crash_between_runs_a_restored_state_resumes_and_completes_the_join()
    {
        var started = await host.StartAsync("joint-review", Departments("land", "mineral"));
        var afterLand = await host.CompleteTaskAsync(started, "land", "Done");
        var stored = afterLand.State.ToJson();

        // A new process: fresh runner, catalog and registry, only the stored JSON survives.
        var restarted = new WorkflowTestHost();
        restarted.Catalog.PublishFolder(Path.Combine(AppContext.BaseDirectory, "Definitions"));
        var restored = WorkflowInstanceState.FromJson(stored);
        var mineral = restored.Bookmarks.Single(b => b.ActivityId == "mineral");
        var result = await restarted.Runner.ResumeAsync(restored, mineral.Id, JsonValue.Create("Done"), "officer-2");

        Assert.Equal(["decide"], result.State.ActiveActivityIds());
    }

    [Fact]
    public async Task Retrying_the_same_resume_on_the_same_state_and_clock_gives_the_same_result()
    {
        var started = await host.StartAsync("joint-review", Departments("land", "forest"));
        var stored = started.State.ToJson();
        var land = started.State.Bookmarks.Single(b => b.ActivityId == "land").Id;

        var first = await host.Runner.ResumeAsync(WorkflowInstanceState.FromJson(stored), land, JsonValue.Create("Done"), "officer-1");
        var retry = await host.Runner.ResumeAsync(WorkflowInstanceState.FromJson(stored), land, JsonValue.Create("Done"), "officer-1");

        Assert.Equal(first.State.ToJson(), retry.State.ToJson());
    }

    [Fact]
    public async Task Cancelling_withdraws_the_instance_and_removes_every_bookmark()
    {
        var started = await host.StartAsync("joint-review", Departments("land", "forest", "grassland"));

        var result = await host.Runner.CancelAsync(started.State, "申请人撤回", "applicant-1");

        Assert.Equal(WorkflowStatus.Cancelled, result.Status);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.State.Tokens);
        Assert.Equal(3, result.RemovedBookmarks.Count);
        Assert.All(result.RemovedBookmarks, r => Assert.Equal(BookmarkRemovalReason.Cancelled, r.Reason));
        var entry = Assert.Single(result.Journal);
        Assert.Equal((JournalEvent.Cancelled, "申请人撤回", "applicant-1"), (entry.Event, entry.Detail!["reason"]!.GetValue<string>(), entry.Actor));
    }

    [Fact]
    public async Task A_cancelled_instance_can_neither_be_cancelled_again_nor_resumed()
    {
        var started = await host.StartAsync("joint-review", Departments("land"));
        var cancelled = await host.Runner.CancelAsync(started.State, "withdrawn", null);

        await Assert.ThrowsAsync<WorkflowInstanceNotActiveException>(() => host.Runner.CancelAsync(cancelled.State, "again", null));
        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => host.Runner.ResumeAsync(cancelled.State, started.CreatedBookmarks[0].Id, null, null));
    }
}
