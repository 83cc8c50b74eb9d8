using System.Text.Json.Nodes;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class LinearFlowTests
{
    private readonly WorkflowTestHost host = new();

    public LinearFlowTests() =>
        host.Publish(Definition(
            "linear", 1,
            [A("start", "Start", name: "开始"), A("review", "HumanTask", """{"role":"window"}""", "受理审查"), A("end", "End", name: "结束")],
            "start->review", "review-Approved->end"));

    [Fact]
    public async Task Start_runs_until_the_task_and_suspends_on_its_bookmark()
    {
        var result = await host.StartAsync("linear", new JsonObject { ["caseId"] = "C-1" });

        Assert.Equal(WorkflowStatus.Suspended, result.Status);
        var bookmark = Assert.Single(result.CreatedBookmarks);
        Assert.Equal(BookmarkKind.HumanTask, bookmark.Kind);
        Assert.Equal("review", bookmark.ActivityId);
        Assert.Equal("window", bookmark.Payload!["role"]!.GetValue<string>());
        Assert.Equal(WorkflowTestHost.StartTime, bookmark.CreatedAt);
        Assert.Equal([bookmark], result.State.Bookmarks);
        Assert.Equal(["review"], result.State.ActiveActivityIds());
        Assert.Equal("C-1", result.State.Variables["caseId"]!.GetValue<string>());
        Assert.Equal(
            [("start", JournalEvent.Completed), ("review", JournalEvent.Suspended)],
            result.Journal.Select(j => (j.ActivityId!, j.Event)));
        Assert.Equal("受理审查", result.Journal[1].ActivityName);
        Assert.Equal("applicant-1", result.Journal[0].Actor);
    }

    [Fact]
    public async Task Resuming_the_task_with_its_outcome_reaches_the_end_and_finishes()
    {
        var started = await host.StartAsync("linear");
        var bookmark = started.CreatedBookmarks.Single();
        host.Clock.Advance(TimeSpan.FromHours(3));

        var result = await host.ResumeAsync(started, bookmark, new JsonObject { ["outcome"] = "Approved" }, actor: "officer-7");

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.CreatedBookmarks);
        Assert.Equal(new RemovedBookmark(bookmark, BookmarkRemovalReason.Consumed), Assert.Single(result.RemovedBookmarks));
        var resumed = result.Journal[0];
        Assert.Equal(("review", "HumanTask", JournalEvent.Resumed, "Approved", "officer-7"), (resumed.ActivityId, resumed.ActivityType, resumed.Event, resumed.Outcomes.Single(), resumed.Actor));
        Assert.Equal(WorkflowTestHost.StartTime.AddHours(3), resumed.At);
        Assert.Equal(bookmark.Id.ToString(), resumed.Detail!["bookmarkId"]!.GetValue<string>());
        Assert.Equal([JournalEvent.Resumed, JournalEvent.Ended, JournalEvent.Finished], result.Journal.Select(j => j.Event));
        Assert.Equal(WorkflowTestHost.StartTime.AddHours(3), result.State.UpdatedAt);
    }

    [Fact]
    public async Task A_resumed_bookmark_cannot_be_resumed_again()
    {
        var started = await host.StartAsync("linear");
        var bookmark = started.CreatedBookmarks.Single();
        var finished = await host.ResumeAsync(started, bookmark, JsonValue.Create("Approved"));

        var error = await Assert.ThrowsAsync<BookmarkNotFoundException>(() => host.ResumeAsync(finished, bookmark, JsonValue.Create("Approved")));

        Assert.Equal(bookmark.Id, error.BookmarkId);
        Assert.Equal(started.State.InstanceId, error.InstanceId);
    }

    [Fact]
    public async Task A_bookmark_id_the_state_never_held_is_not_found()
    {
        var started = await host.StartAsync("linear");

        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => host.Runner.ResumeAsync(started.State, Guid.NewGuid(), null, "x"));
    }

    [Fact]
    public async Task A_run_never_changes_the_state_it_was_given()
    {
        var started = await host.StartAsync("linear");
        var before = started.State.ToJson();

        await host.CompleteTaskAsync(started, "review", "Approved");

        Assert.Equal(before, started.State.ToJson());
    }

    [Fact]
    public async Task An_outcome_without_a_connection_faults_instead_of_silently_ending_the_case()
    {
        var started = await host.StartAsync("linear");

        var result = await host.CompleteTaskAsync(started, "review", "Aproved");

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("Activity 'review' (HumanTask) faulted: completed with outcome 'Aproved' but has no connection for it (its outcomes: Approved).", result.State.FaultMessage);
        Assert.Equal(JournalEvent.Faulted, result.Journal[^1].Event);
    }

    [Fact]
    public async Task An_activity_that_throws_faults_the_instance_with_the_message()
    {
        host.Publish(Definition("throws", 1, [A("start", "Start"), A("check", "Throwing"), A("end", "End")], "start->check", "check->end"));

        var result = await host.StartAsync("throws");

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("Activity 'check' (Throwing) faulted: InvalidOperationException: spatial service unavailable", result.State.FaultMessage);
    }

    [Fact]
    public async Task Activities_can_resolve_host_services()
    {
        var withServices = new WorkflowTestHost(services: new SingleService("你好"));
        withServices.Publish(Definition("greet", 1, [A("start", "Start"), A("greet", "Greeting"), A("end", "End")], "start->greet", "greet->end"));

        var result = await withServices.StartAsync("greet");

        Assert.Equal("你好", result.State.Variables["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_without_a_version_uses_the_latest_and_with_one_uses_that_version()
    {
        host.Publish(Definition("linear", 2, [A("start", "Start"), A("end", "End")], "start->end"));

        Assert.Equal(WorkflowStatus.Finished, (await host.StartAsync("linear")).Status);
        var v1 = await host.Runner.StartAsync("linear", 1, null, "applicant-1");
        Assert.Equal((1, WorkflowStatus.Suspended), (v1.State.DefinitionVersion, v1.Status));
    }

    private sealed class SingleService(string value) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(string) ? value : null;
    }
}
