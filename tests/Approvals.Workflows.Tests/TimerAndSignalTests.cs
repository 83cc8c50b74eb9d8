using System.Text.Json.Nodes;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class TimerAndSignalTests
{
    private readonly WorkflowTestHost host = new();

    [Theory]
    [InlineData("""{"delay":"5.00:00:00"}""", 5 * 24)]
    [InlineData("""{"delay":"PT36H"}""", 36)]
    [InlineData("""{"dueAt":"2026-03-03T01:00:00Z"}""", 24)]
    [InlineData("""{"dueAtVariable":"deadline"}""", 48)]
    public async Task A_timer_suspends_on_a_timer_bookmark_due_at_a_time_computed_from_the_clock(string inputs, int hoursAfterStart)
    {
        host.Publish(Definition("wait", 1, [A("start", "Start"), A("wait", "Timer", inputs), A("end", "End")], "start->wait", "wait->end"));
        var deadline = WorkflowTestHost.StartTime.AddHours(48).ToString("O");

        var result = await host.StartAsync("wait", new JsonObject { ["deadline"] = deadline });

        var timer = Assert.Single(result.CreatedBookmarks);
        Assert.Equal((BookmarkKind.Timer, "wait"), (timer.Kind, timer.Name));
        Assert.Equal(WorkflowTestHost.StartTime.AddHours(hoursAfterStart), timer.DueAt);
    }

    [Fact]
    public async Task When_the_host_resumes_a_due_timer_the_flow_continues()
    {
        host.Publish(Definition("wait", 1, [A("start", "Start"), A("wait", "Timer", """{"delay":"1.00:00:00"}"""), A("end", "End")], "start->wait", "wait->end"));
        var started = await host.StartAsync("wait");
        host.Clock.Advance(TimeSpan.FromDays(1));

        var result = await host.ResumeAsync(started, started.CreatedBookmarks.Single(), null, actor: "timer");

        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Theory]
    [InlineData(BookmarkKind.HumanTask, "Done", "next")]
    [InlineData(BookmarkKind.Timer, "TimedOut", "escalate")]
    public async Task Resuming_a_task_or_its_deadline_timer_cancels_the_other(BookmarkKind resumedKind, string outcome, string nextActivity)
    {
        host.Publish(Definition(
            "deadline", 1,
            [A("start", "Start"), A("review", "HumanTask", """{"deadline":"20.00:00:00"}"""), A("next", "HumanTask"), A("escalate", "HumanTask")],
            "start->review", "review->next", "review-TimedOut->escalate"));
        var started = await host.StartAsync("deadline");
        Assert.Equal([BookmarkKind.HumanTask, BookmarkKind.Timer], started.CreatedBookmarks.Select(b => b.Kind));
        Assert.Equal(WorkflowTestHost.StartTime.AddDays(20), started.CreatedBookmarks[1].DueAt);
        var resumed = started.CreatedBookmarks.Single(b => b.Kind == resumedKind);
        var other = started.CreatedBookmarks.Single(b => b.Kind != resumedKind);

        var result = await host.ResumeAsync(started, resumed, JsonValue.Create(outcome));

        Assert.Equal([nextActivity], result.State.ActiveActivityIds());
        Assert.Equal(
            [new RemovedBookmark(resumed, BookmarkRemovalReason.Consumed), new RemovedBookmark(other, BookmarkRemovalReason.Cancelled)],
            result.RemovedBookmarks);
        Assert.DoesNotContain(result.State.Bookmarks, b => b.Id == other.Id);
        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => host.ResumeAsync(result, other, null));
    }

    [Fact]
    public async Task A_signal_resumes_every_bookmark_waiting_for_it_and_no_other()
    {
        host.Publish(Definition(
            "signals", 1,
            [A("start", "Start"), A("fork", "Fork"), A("w1", "Signal", """{"signal":"resubmitted"}"""), A("w2", "Signal", """{"signal":"resubmitted"}"""), A("w3", "Signal", """{"signal":"paid"}"""), A("join", "Join"), A("end", "End")],
            "start->fork", "fork-a->w1", "fork-b->w2", "fork-c->w3", "w1->join", "w2->join", "w3->join", "join->end"));
        var started = await host.StartAsync("signals");

        var signalled = await host.Runner.SignalAsync(started.State, "resubmitted", null, "applicant-1");

        Assert.Equal(["w3"], signalled.State.ActiveActivityIds());
        Assert.Equal(2, signalled.RemovedBookmarks.Count(r => r.Reason == BookmarkRemovalReason.Consumed));

        var finished = await host.Runner.SignalAsync(signalled.State, "paid", null, "applicant-1");
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
    }

    [Fact]
    public async Task A_signal_nobody_waits_for_changes_nothing()
    {
        host.Publish(Definition("signals", 1, [A("start", "Start"), A("wait", "Signal", """{"signal":"paid"}"""), A("end", "End")], "start->wait", "wait->end"));
        var started = await host.StartAsync("signals");

        var result = await host.Runner.SignalAsync(started.State, "other", null, null);

        Assert.Empty(result.Journal);
        Assert.Equal(started.State.ToJson(), result.State.ToJson());
    }
}
