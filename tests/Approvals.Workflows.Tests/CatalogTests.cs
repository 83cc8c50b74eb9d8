using Approvals.Workflows.Definitions;
using Approvals.Workflows.Runtime;
using Approvals.Workflows.Tests.Support;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class CatalogTests
{
    private readonly WorkflowTestHost host = new();

    private static string Linear(int version, string taskName = "审查") =>
        Definition("case", version, [A("start", "Start"), A("review", "HumanTask", name: taskName), A("end", "End")], "start->review", "review-Approved->end");

    [Fact]
    public void Publishing_the_same_content_again_is_accepted_and_changes_nothing()
    {
        Assert.True(host.Catalog.Publish(WorkflowDefinitionJson.Parse(Linear(1))));

        Assert.False(host.Catalog.Publish(WorkflowDefinitionJson.Parse(Linear(1))));
        Assert.Single(host.Catalog.All);
    }

    [Fact]
    public void A_published_version_cannot_be_changed()
    {
        host.Publish(Linear(1));

        var error = Assert.Throws<WorkflowPublishException>(() => host.Catalog.Publish(WorkflowDefinitionJson.Parse(Linear(1, taskName: "复核"))));

        Assert.Contains("'case' version 1 is already published with different content", error.Message);
        Assert.Equal("审查", host.Catalog.Get("case", 1).FindActivity("review")!.Name);
    }

    [Fact]
    public void A_version_lower_than_the_latest_is_refused()
    {
        host.Publish(Linear(3));

        var error = Assert.Throws<WorkflowPublishException>(() => host.Catalog.Publish(WorkflowDefinitionJson.Parse(Linear(2))));

        Assert.Contains("version 2 is lower than the latest published version 3", error.Message);
    }

    [Fact]
    public void Get_finds_each_version_and_Latest_the_highest()
    {
        host.Publish(Linear(1));
        host.Publish(Linear(2, taskName: "复核"));

        Assert.Equal("审查", host.Catalog.Get("case", 1).FindActivity("review")!.Name);
        Assert.Equal(2, host.Catalog.Latest("case").Version);
        Assert.Throws<WorkflowDefinitionNotFoundException>(() => host.Catalog.Get("case", 9));
        Assert.Throws<WorkflowDefinitionNotFoundException>(() => host.Catalog.Latest("unknown"));
    }

    [Fact]
    public void Changing_the_callers_object_after_publishing_does_not_change_the_published_version()
    {
        var definition = WorkflowDefinitionJson.Parse(Linear(1));
        host.Catalog.Publish(definition);

        definition.FindActivity("review")!.Inputs["role"] = "tampered";

        Assert.False(host.Catalog.Get("case", 1).FindActivity("review")!.Inputs.ContainsKey("role"));
    }

    [Fact]
    public async Task An_instance_started_on_v1_continues_on_v1_after_v2_is_published()
    {
        host.Publish(Linear(1));
        var started = await host.StartAsync("case");

        // v2 renames the outcome: a v1 instance must still follow v1's "Approved" connection.
        host.Publish(Definition("case", 2, [A("start", "Start"), A("review", "HumanTask"), A("recheck", "HumanTask"), A("end", "End")], "start->review", "review-Passed->recheck", "recheck-Passed->end"));
        var resumed = await host.CompleteTaskAsync(started, "review", "Approved");

        Assert.Equal(1, resumed.State.DefinitionVersion);
        Assert.Equal(WorkflowStatus.Finished, resumed.Status);
        Assert.Equal(2, (await host.StartAsync("case")).State.DefinitionVersion);
    }
}
