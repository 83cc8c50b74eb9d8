using System.Text.Json.Nodes;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class ForkJoinTests
{
    private readonly WorkflowTestHost host = new();

    public ForkJoinTests() =>
        host.Catalog.PublishFolder(Path.Combine(AppContext.BaseDirectory, "Definitions"));

    private static JsonObject Departments(params string[] names) =>
        new() { ["requiredDepartments"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()) };

    [Fact]
    public async Task A_fork_activates_only_the_branches_named_by_the_variable()
    {
        var started = await host.StartAsync("joint-review", Departments("land", "forest"));

        Assert.Equal(["land", "forest"], started.State.Bookmarks.Select(b => b.ActivityId));
        var scope = Assert.Single(started.State.ForkScopes);
        Assert.Equal(("fork", 2, 0), (scope.ForkActivityId, scope.Expected, scope.Arrived));
        Assert.Equal(["land", "forest"], started.Journal.Single(j => j.ActivityId == "fork").Outcomes);
    }

    [Fact]
    public async Task The_join_continues_after_exactly_the_activated_branches_not_all_four_connections()
    {
        var started = await host.StartAsync("joint-review", Departments("land", "forest"));

        var afterLand = await host.CompleteTaskAsync(started, "land", "Done");
        Assert.Equal(["forest"], afterLand.State.ActiveActivityIds());
        Assert.Equal(JournalEvent.Waiting, afterLand.Journal.Single(j => j.ActivityId == "join").Event);

        var afterForest = await host.CompleteTaskAsync(afterLand, "forest", "Done");
        Assert.Equal(["decide"], afterForest.State.ActiveActivityIds());
        Assert.Empty(afterForest.State.ForkScopes);
        var joined = afterForest.Journal.Single(j => j.ActivityId == "join");
        Assert.Equal((JournalEvent.Completed, 2, 2), (joined.Event, joined.Detail!["arrived"]!.GetValue<int>(), joined.Detail["expected"]!.GetValue<int>()));

        var finished = await host.CompleteTaskAsync(afterForest, "decide", "Approved");
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
    }

    [Fact]
    public async Task Without_a_branch_selection_every_branch_runs_and_the_join_waits_for_all_of_them()
    {
        host.Publish(Definition(
            "all", 1,
            [A("start", "Start"), A("fork", "Fork"), A("a", "HumanTask"), A("b", "HumanTask"), A("c", "HumanTask"), A("join", "Join"), A("end", "End")],
            "start->fork", "fork-a->a", "fork-b->b", "fork-c->c", "a->join", "b->join", "c->join", "join->end"));

        var state = await host.StartAsync("all");
        Assert.Equal(3, state.CreatedBookmarks.Count);
        state = await host.CompleteTaskAsync(state, "c", "Done");
        state = await host.CompleteTaskAsync(state, "a", "Done");
        Assert.Equal(WorkflowStatus.Suspended, state.Status);

        state = await host.CompleteTaskAsync(state, "b", "Done");
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task A_branch_that_waits_on_a_bookmark_holds_the_join_until_it_is_resumed()
    {
        host.Publish(Definition(
            "mixed", 1,
            [A("start", "Start"), A("fork", "Fork"), A("record", "SetVariable", """{"variable":"recorded","value":true}"""), A("review", "HumanTask"), A("join", "Join"), A("after", "HumanTask"), A("end", "End")],
            "start->fork", "fork-quick->record", "fork-slow->review", "record->join", "review->join", "join->after", "after->end"));

        var started = await host.StartAsync("mixed");

        Assert.Equal(["review"], started.State.ActiveActivityIds());
        Assert.True(started.State.Variables["recorded"]!.GetValue<bool>());
        Assert.Equal(1, started.State.ForkScopes.Single().Arrived);

        var resumed = await host.CompleteTaskAsync(started, "review", "Done");
        Assert.Equal(["after"], resumed.State.ActiveActivityIds());
    }

    [Fact]
    public async Task Nested_forks_join_inner_branches_first_then_the_outer_ones()
    {
        host.Publish(Definition(
            "nested", 1,
            [A("start", "Start"), A("outer", "Fork"), A("inner", "Fork"), A("a1", "HumanTask"), A("a2", "HumanTask"), A("innerJoin", "Join"), A("b", "HumanTask"), A("outerJoin", "Join"), A("end", "End")],
            "start->outer", "outer-x->inner", "outer-y->b", "inner-p->a1", "inner-q->a2", "a1->innerJoin", "a2->innerJoin", "innerJoin->outerJoin", "b->outerJoin", "outerJoin->end"));

        var state = await host.StartAsync("nested");
        Assert.Equal(2, state.State.ForkScopes.Count);
        state = await host.CompleteTaskAsync(state, "b", "Done");
        state = await host.CompleteTaskAsync(state, "a1", "Done");
        Assert.Equal(WorkflowStatus.Suspended, state.Status);

        state = await host.CompleteTaskAsync(state, "a2", "Done");
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task A_branch_name_with_no_connection_faults_with_the_name()
    {
        var result = await host.StartAsync("joint-review", Departments("land", "water"));

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("Activity 'fork' (Fork) faulted: has no branch named 'water' (its branches: land, mineral, forest, grassland).", result.State.FaultMessage);
    }

    [Fact]
    public async Task A_branch_selection_that_is_not_a_list_faults()
    {
        var result = await host.StartAsync("joint-review", new JsonObject { ["requiredDepartments"] = "land" });

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Contains("variable 'requiredDepartments' must be a JSON array of branch names", result.State.FaultMessage);
    }

    [Fact]
    public async Task An_end_with_terminate_stops_every_other_branch_and_cancels_its_bookmarks()
    {
        host.Publish(Definition(
            "terminate", 1,
            [A("start", "Start"), A("fork", "Fork"), A("a", "HumanTask"), A("b", "HumanTask"), A("join", "Join"), A("stop", "End", """{"terminate":true}"""), A("end", "End")],
            "start->fork", "fork-a->a", "fork-b->b", "a-Done->join", "a-Refused->stop", "b->join", "join->end"));
        var started = await host.StartAsync("terminate");
        var bBookmark = started.State.Bookmarks.Single(b => b.ActivityId == "b");

        var result = await host.CompleteTaskAsync(started, "a", "Refused");

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.State.Tokens);
        Assert.Contains(new RemovedBookmark(bBookmark, BookmarkRemovalReason.Cancelled), result.RemovedBookmarks);
    }

    [Fact]
    public async Task A_join_that_can_never_complete_faults_instead_of_hanging()
    {
        // Branch b ends at a plain End: the join sees 1 of 2 branches and nothing is left to bring the other.
        host.Publish(Definition(
            "stuck", 1,
            [A("start", "Start"), A("fork", "Fork"), A("a", "HumanTask"), A("b", "HumanTask"), A("join", "Join"), A("stop", "End"), A("end", "End")],
            "start->fork", "fork-a->a", "fork-b->b", "a->join", "b-Done->join", "b-Withdrawn->stop", "join->end"));
        var started = await host.StartAsync("stuck");
        var afterA = await host.CompleteTaskAsync(started, "a", "Done");

        var result = await host.CompleteTaskAsync(afterA, "b", "Withdrawn");

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("Join 'join' waits for 1 more of the 2 branches of Fork 'fork', but no path is active any more.", result.State.FaultMessage);
    }
}
