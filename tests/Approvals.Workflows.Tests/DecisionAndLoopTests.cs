using System.Text.Json.Nodes;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class DecisionAndLoopTests
{
    private readonly WorkflowTestHost host = new();

    [Theory]
    [InlineData("""{"level":"county"}""", "county")]
    [InlineData("""{"level":"province"}""", "province")]
    [InlineData("""{"level":"national"}""", "elsewhere")]
    [InlineData("""{}""", "elsewhere")]
    [InlineData("""{"forestHa":12.5}""", "province")]
    [InlineData("""{"level":"city","forestHa":3}""", "city")]
    public async Task A_decision_routes_by_the_first_matching_case_or_the_default(string variables, string expectedActivity)
    {
        host.Publish(Definition(
            "route", 1,
            [
                A("start", "Start"),
                A("route", "Decision", """
                    {"variable":"case.level","default":"Other","cases":[
                      {"value":"county","outcome":"County"},
                      {"operator":"in","value":["city","prefecture"],"outcome":"City"},
                      {"value":"province","outcome":"Province"}]}
                    """),
                A("byArea", "Decision", """{"variable":"case.forestHa","default":"Other","cases":[{"operator":"gte","value":10,"outcome":"Province"}]}"""),
                A("county", "HumanTask"), A("city", "HumanTask"), A("province", "HumanTask"), A("elsewhere", "HumanTask"),
            ],
            "start->route", "route-County->county", "route-City->city", "route-Province->province", "route-Other->byArea",
            "byArea-Province->province", "byArea-Other->elsewhere"));

        var result = await host.StartAsync("route", new JsonObject { ["case"] = JsonNode.Parse(variables) });

        Assert.Equal([expectedActivity], result.State.ActiveActivityIds());
    }

    [Fact]
    public async Task A_correction_loop_back_to_an_earlier_activity_can_run_twice()
    {
        host.Publish(Definition(
            "correction", 1,
            [
                A("start", "Start"),
                A("accept", "HumanTask", name: "受理审查"),
                A("markCorrection", "SetVariable", """{"variable":"lastStep","value":"correction"}"""),
                A("correct", "HumanTask", name: "补正"),
                A("end", "End"),
            ],
            "start->accept", "accept-NeedsCorrection->markCorrection", "markCorrection->correct", "correct-Resubmitted->accept", "accept-Accepted->end"));

        var state = await host.StartAsync("correction");
        for (var round = 1; round <= 2; round++)
        {
            state = await host.CompleteTaskAsync(state, "accept", "NeedsCorrection");
            Assert.Equal(["correct"], state.State.ActiveActivityIds());
            state = await host.CompleteTaskAsync(state, "correct", "Resubmitted", new JsonObject { ["resubmissions"] = round });
            Assert.Equal(["accept"], state.State.ActiveActivityIds());
        }

        state = await host.CompleteTaskAsync(state, "accept", "Accepted");

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(2, state.State.Variables["resubmissions"]!.GetValue<int>());
        Assert.Equal("correction", state.State.Variables["lastStep"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetVariable_writes_values_and_copies_variables_by_path()
    {
        host.Publish(Definition(
            "vars", 1,
            [
                A("start", "Start"),
                A("level", "SetVariable", """{"variable":"routing.level","value":{"code":"city","days":20}}"""),
                A("copy", "SetVariable", """{"variable":"decidedBy","fromVariable":"routing.level.code"}"""),
                A("end", "End"),
            ],
            "start->level", "level->copy", "copy->end"));

        var result = await host.StartAsync("vars");

        Assert.Equal(20, result.State.Variables["routing"]!["level"]!["days"]!.GetValue<int>());
        Assert.Equal("city", result.State.Variables["decidedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_loop_that_never_waits_is_stopped_and_faulted_with_a_clear_message()
    {
        var guarded = new WorkflowTestHost(maxExecutions: 50);
        guarded.Publish(Definition(
            "spin", 1,
            [A("start", "Start"), A("count", "Counter"), A("check", "Decision", """{"variable":"count","cases":[{"operator":"lt","value":0,"outcome":"Never"}],"default":"Again"}"""), A("end", "End")],
            "start->count", "count->check", "check-Again->count", "check-Never->end"));

        var result = await guarded.StartAsync("spin");

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.StartsWith("Run stopped after 50 activity executions without waiting on a bookmark", result.State.FaultMessage);
        Assert.Contains("loops forever", result.State.FaultMessage);
        Assert.Equal(25, result.State.Variables["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_execution_limit_is_per_run_so_a_long_case_with_waits_is_not_stopped()
    {
        var guarded = new WorkflowTestHost(maxExecutions: 5);
        guarded.Publish(Definition(
            "loop", 1,
            [A("start", "Start"), A("task", "HumanTask"), A("count", "Counter"), A("end", "End")],
            "start->task", "task-Again->count", "count->task", "task-Stop->end"));

        var state = await guarded.StartAsync("loop");
        for (var i = 0; i < 10; i++)
        {
            state = await guarded.CompleteTaskAsync(state, "task", "Again");
        }

        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        Assert.Equal(10, state.State.Variables["count"]!.GetValue<int>());
    }
}
