using Approvals.Workflows.Definitions;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class DefinitionValidationTests
{
    private readonly WorkflowTestHost host = new();

    private IReadOnlyList<string> Errors(string json) =>
        new WorkflowDefinitionValidator(host.Registry).Validate(WorkflowDefinitionJson.Parse(json));

    [Fact]
    public void A_well_formed_definition_has_no_errors()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Definitions", "joint-review-v1.json"));

        Assert.Empty(Errors(json));
    }

    [Fact]
    public void An_unknown_activity_type_is_named_with_its_activity()
    {
        var errors = Errors(Definition("d", 1, [A("start", "Start"), A("check", "SpatialCheck")], "start->check"));

        Assert.Equal("activity 'check' has unknown activity type 'SpatialCheck'", Assert.Single(errors));
    }

    [Fact]
    public void A_duplicate_activity_id_is_named()
    {
        var errors = Errors(Definition("d", 1, [A("start", "Start"), A("review", "HumanTask"), A("review", "End")], "start->review"));

        Assert.Contains("activity id 'review' is used by 2 activities", errors);
    }

    [Fact]
    public void Connections_to_or_from_unknown_activities_are_named()
    {
        var errors = Errors(Definition("d", 1, [A("start", "Start"), A("end", "End")], "start->end", "start-Late->nowhere", "ghost->end"));

        Assert.Contains("connection start -[Late]-> nowhere goes to unknown activity 'nowhere'", errors);
        Assert.Contains("connection ghost -[Done]-> end comes from unknown activity 'ghost'", errors);
    }

    [Fact]
    public void A_definition_needs_exactly_one_start()
    {
        Assert.Contains("there is no Start activity; exactly one is required", Errors(Definition("d", 1, [A("end", "End")])));
        Assert.Contains(
            "there are 2 Start activities ('s1', 's2'); exactly one is required",
            Errors(Definition("d", 1, [A("s1", "Start"), A("s2", "Start"), A("end", "End")], "s1->end", "s2->end")));
    }

    [Fact]
    public void An_activity_unreachable_from_start_is_named()
    {
        var errors = Errors(Definition("d", 1, [A("start", "Start"), A("end", "End"), A("orphan", "HumanTask")], "start->end", "orphan->end"));

        Assert.Equal("activity 'orphan' is not reachable from Start 'start'", Assert.Single(errors));
    }

    [Fact]
    public void A_join_with_a_single_incoming_path_is_named()
    {
        var errors = Errors(Definition("d", 1, [A("start", "Start"), A("join", "Join"), A("end", "End")], "start->join", "join->end"));

        Assert.Equal("Join 'join' has 1 incoming connection(s); a join needs at least 2 paths to wait for", Assert.Single(errors));
    }

    [Fact]
    public void A_fork_branch_that_cannot_reach_the_join_is_named()
    {
        var errors = Errors(Definition(
            "d", 1,
            [A("start", "Start"), A("fork", "Fork"), A("land", "HumanTask"), A("forest", "HumanTask"), A("mineral", "HumanTask"), A("join", "Join"), A("end", "End"), A("stop", "End")],
            "start->fork", "fork-land->land", "fork-forest->forest", "fork-mineral->mineral", "land->join", "forest->join", "mineral->stop", "join->end"));

        Assert.Equal("Fork 'fork': branch fork -[mineral]-> mineral cannot reach any Join", Assert.Single(errors));
    }

    [Fact]
    public void Fork_branches_that_reach_different_joins_are_named()
    {
        var errors = Errors(Definition(
            "d", 1,
            [A("start", "Start"), A("fork", "Fork"), A("a", "HumanTask"), A("b", "HumanTask"), A("j1", "Join"), A("j2", "Join"), A("end", "End")],
            "start->fork", "fork-a->a", "fork-b->b", "a->j1", "start-x->j1", "b->j2", "start-y->j2", "j1->end", "j2->end"));

        Assert.Contains("Fork 'fork': its branches (a, b) cannot all reach one common Join", errors);
    }

    [Fact]
    public void Each_activity_type_checks_its_own_inputs()
    {
        var errors = Errors(Definition(
            "d", 1,
            [A("start", "Start"), A("wait", "Timer", """{"delay":"three days"}"""), A("route", "Decision", """{"cases":[{"value":1}]}"""), A("end", "End")],
            "start->wait", "wait->route", "route->end"));

        Assert.Contains("activity 'wait' (Timer): input 'delay' is not a duration ('3.00:00:00' or 'P3D'): \"three days\"", errors);
        Assert.Contains("activity 'route' (Decision): input 'variable' (the variable path to compare) is missing", errors);
        Assert.Contains("activity 'route' (Decision): case #1 needs an 'outcome'", errors);
    }

    [Fact]
    public void Publishing_an_invalid_definition_throws_with_every_error()
    {
        var definition = WorkflowDefinitionJson.Parse(Definition("d", 0, [A("x", "Nope")]));

        var error = Assert.Throws<InvalidWorkflowDefinitionException>(() => host.Catalog.Publish(definition));

        Assert.Contains("'version' must be 1 or higher (is 0)", error.Errors);
        Assert.Contains("activity 'x' has unknown activity type 'Nope'", error.Errors);
        Assert.Contains("there is no Start activity; exactly one is required", error.Errors);
        Assert.Contains("activity 'x' has unknown activity type 'Nope'", error.Message);
    }
}
