using Approvals.Workflows.Definitions;
using Approvals.Workflows.Tests.Support;

namespace Approvals.Workflows.Tests;

public sealed class DefinitionLoadingTests
{
    private static string DefinitionsFolder => Path.Combine(AppContext.BaseDirectory, "Definitions");

    [Fact]
    public void A_camelCase_document_loads_with_defaults_for_outcome_inputs_and_name()
    {
        var definition = WorkflowDefinitionJson.Parse("""
            {"definitionId":"joint-preapproval","version":1,"name":"联合预审",
             "activities":[{"id":"a","type":"Start"},{"id":"b","type":"HumanTask","name":"受理","inputs":{"role":"window"}},{"id":"c","type":"End"}],
             "connections":[{"from":"a","to":"b"},{"from":"b","outcome":"Approved","to":"c"}]}
            """);

        Assert.Equal("joint-preapproval", definition.DefinitionId);
        Assert.Equal(1, definition.Version);
        Assert.Equal("联合预审", definition.Name);
        Assert.Equal(["a", "b", "c"], definition.Activities.Select(a => a.Id));
        Assert.Equal("a", definition.FindActivity("a")!.Name);
        Assert.Empty(definition.FindActivity("a")!.Inputs);
        Assert.Equal("window", definition.FindActivity("b")!.Inputs["role"]!.GetValue<string>());
        Assert.Equal(Connection.DefaultOutcome, definition.Connections[0].Outcome);
        Assert.Equal("Approved", definition.OutgoingFrom("b").Single().Outcome);
        Assert.Equal("a", definition.Start.Id);
    }

    [Fact]
    public void Text_that_is_not_a_definition_is_refused_with_the_source_named()
    {
        var error = Assert.Throws<InvalidWorkflowDefinitionException>(() => WorkflowDefinitionJson.Parse("{\"activities\": 5}", "broken.json"));

        Assert.Equal("broken.json", error.Subject);
        Assert.Contains("not a valid definition document", error.Errors.Single());
    }

    [Fact]
    public void A_serialized_definition_reads_back_with_the_same_content()
    {
        var original = WorkflowDefinitionJson.ReadFile(Path.Combine(DefinitionsFolder, "joint-review-v1.json"));

        var copy = WorkflowDefinitionJson.Parse(WorkflowDefinitionJson.Serialize(original));

        Assert.True(WorkflowDefinitionJson.SameContent(original, copy));
        Assert.Contains("\"用地审查\"", WorkflowDefinitionJson.Serialize(original)); // Chinese stays readable
    }

    [Fact]
    public void A_folder_publishes_every_version_in_version_order()
    {
        var host = new WorkflowTestHost();

        var published = host.Catalog.PublishFolder(DefinitionsFolder);

        Assert.Equal(3, published);
        Assert.Equal(2, host.Catalog.Latest("acceptance").Version);
        Assert.Equal("受理", host.Catalog.Get("acceptance", 1).Name);
        Assert.Equal(["acceptance", "acceptance", "joint-review"], host.Catalog.All.Select(d => d.DefinitionId));
        Assert.Equal(0, host.Catalog.PublishFolder(DefinitionsFolder)); // loading again at the next start changes nothing
    }
}
