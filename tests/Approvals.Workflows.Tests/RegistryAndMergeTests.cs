using Approvals.Workflows.Activities;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class RegistryAndMergeTests
{
    [Fact]
    public void A_type_name_can_be_registered_only_once()
    {
        var registry = ActivityRegistry.WithBuiltIns().Register(new TestTaskActivity());

        var error = Assert.Throws<InvalidOperationException>(() => registry.Register(new TestTaskActivity()));

        Assert.Contains("'HumanTask' is already registered", error.Message);
        Assert.Contains("Decision", registry.Types);
    }

    [Fact]
    public async Task A_join_reached_outside_any_fork_lets_each_path_through()
    {
        var host = new WorkflowTestHost();
        host.Publish(Definition(
            "merge", 1,
            [A("start", "Start"), A("route", "Decision", """{"variable":"fast","cases":[{"value":true,"outcome":"Fast"}]}"""), A("slow", "HumanTask"), A("merge", "Join"), A("after", "HumanTask")],
            "start->route", "route-Fast->merge", "route-Default->slow", "slow->merge", "merge->after"));

        var result = await host.StartAsync("merge", new() { ["fast"] = true });

        Assert.Equal(["after"], result.State.ActiveActivityIds());
        Assert.True(result.Journal.Single(j => j.ActivityId == "merge").Detail!["passThrough"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Starting_twice_with_the_same_instance_id_and_clock_gives_the_same_state()
    {
        var host = new WorkflowTestHost();
        host.Publish(Definition("linear", 1, [A("start", "Start"), A("task", "HumanTask"), A("end", "End")], "start->task", "task->end"));
        var id = Guid.Parse("6f0c1d2e-0000-4000-8000-000000000001");

        var first = await host.Runner.StartAsync(id, "linear", null, new() { ["caseId"] = "C-9" }, "applicant-1");
        var second = await host.Runner.StartAsync(id, "linear", null, new() { ["caseId"] = "C-9" }, "applicant-1");

        Assert.Equal(first.State.ToJson(), second.State.ToJson());
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
    }
}
