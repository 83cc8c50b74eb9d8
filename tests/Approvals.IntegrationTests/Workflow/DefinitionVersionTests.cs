using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>Published versions are immutable and a running case stays on the version it started with.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DefinitionVersionTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private static JsonObject Version2()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "workflows", "joint-preapproval.json");
        var definition = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        definition["version"] = 2;
        // Version 2 renames the acceptance step, which the tasks of each version show.
        foreach (var activity in definition["activities"]!.AsArray())
            if (activity!["id"]!.GetValue<string>() == "acceptance") activity["name"] = "受理（第二版）";
        return definition;
    }

    [Fact]
    public async Task A_case_started_on_version_1_finishes_on_version_1_after_version_2_is_published()
    {
        var applicant = await app.SignedInAs("applicant");
        var clerk = await app.SignedInAs("zezhou.clerk");
        var (v1Case, _) = await cases.SubmitAsync(applicant);
        await cases.WaitForTaskAsync(clerk, v1Case, "Acceptance");

        var admin = await app.SignedInAs("admin");
        var published = await admin.PostAsJsonAsync("/api/workflow-definitions", Version2());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var (v2Case, _) = await cases.SubmitAsync(applicant);
        var v2Task = await cases.WaitForTaskAsync(clerk, v2Case, "Acceptance");
        Assert.Equal("受理（第二版）", v2Task.GetProperty("name").GetString());
        Assert.Equal(2, (await cases.CaseAsync(applicant, v2Case)).GetProperty("workflowVersion").GetInt32());

        var v1Task = await cases.WaitForTaskAsync(clerk, v1Case, "Acceptance");
        Assert.Equal("受理（形式审查）", v1Task.GetProperty("name").GetString());
        await cases.CompleteOkAsync(clerk, v1Case, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, v1Case, "Agree", "Review");
        await cases.CompleteOkAsync(land, v1Case, "Approve", "Decision");
        var done = await cases.WaitForStatusAsync(applicant, v1Case, "Approved");
        Assert.Equal(1, done.GetProperty("workflowVersion").GetInt32());

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/workflow-definitions");
        Assert.Equal([1, 2], list.EnumerateArray().Where(d => d.GetProperty("definitionId").GetString() == "joint-preapproval")
            .Select(d => d.GetProperty("version").GetInt32()).Order().ToArray());
    }

    [Fact]
    public async Task A_published_version_cannot_be_changed_and_an_invalid_definition_is_a_400()
    {
        var admin = await app.SignedInAs("admin");
        var changedV1 = Version2();
        changedV1["version"] = 1;
        var changed = await admin.PostAsJsonAsync("/api/workflow-definitions", changedV1);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);

        var broken = Version2();
        broken["version"] = 9;
        broken["connections"]!.AsArray().Add(new JsonObject { ["from"] = "route", ["to"] = "nowhere" });
        var invalid = await admin.PostAsJsonAsync("/api/workflow-definitions", broken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("nowhere", await invalid.Content.ReadAsStringAsync());

        var reviewer = await app.SignedInAs("shanxi.land");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync("/api/workflow-definitions", Version2())).StatusCode);
    }

    [Fact]
    public async Task Definitions_render_as_SVG_and_Mermaid()
    {
        var client = await app.SignedInAs("shanxi.supervisor");
        var svg = await client.GetStringAsync("/api/workflow-definitions/joint-preapproval/diagram?version=1");
        Assert.StartsWith("<svg", svg.TrimStart());
        Assert.Contains("受理（形式审查）", svg);
        var mermaid = await client.GetStringAsync("/api/workflow-definitions/joint-preapproval/diagram?version=1&format=mermaid");
        Assert.StartsWith("flowchart TD", mermaid);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/workflows")).StatusCode);
    }

    [Fact]
    public async Task An_English_reader_sees_the_diagram_s_steps_in_English_only()
    {
        var client = await app.SignedInAs("shanxi.supervisor");

        var page = await client.GetStringAsync("/workflows?culture=en");
        var mermaid = await client.GetStringAsync("/api/workflow-definitions/joint-preapproval/diagram?version=1&format=mermaid&culture=en");

        foreach (var english in new[] { "Acceptance (formal check)", "Land review", "Forest review", "Spatial check", "Forward to the level above", "Issue the refusal" })
        {
            Assert.Contains(english, page);
            Assert.Contains(english, mermaid);
        }
        foreach (var chinese in new[] { "受理（形式审查）", "用地审查", "落图压占分析", "转报上级", "出具不同意意见" })
        {
            Assert.DoesNotContain(chinese, page);
            Assert.DoesNotContain(chinese, mermaid);
        }
        // The Chinese reader keeps the definition's own names.
        Assert.Contains("用地审查", await client.GetStringAsync("/workflows?culture=zh-CN"));
    }
}
