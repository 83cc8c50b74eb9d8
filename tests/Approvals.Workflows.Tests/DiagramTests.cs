using System.Xml.Linq;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Diagrams;
using static Approvals.Workflows.Tests.Support.Flow;

namespace Approvals.Workflows.Tests;

public sealed class DiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static WorkflowDefinition JointReview() =>
        WorkflowDefinitionJson.ReadFile(Path.Combine(AppContext.BaseDirectory, "Definitions", "joint-review-v1.json"));

    private static WorkflowDefinition CorrectionLoop() => WorkflowDefinitionJson.Parse(Definition(
        "correction", 1,
        [A("start", "Start", name: "开始"), A("accept", "HumanTask", name: "受理审查"), A("correct", "HumanTask", name: "补正 <申请人> & \"材料\""), A("end", "End", name: "结束")],
        "start->accept", "accept-NeedsCorrection->correct", "correct-Resubmitted->accept", "accept-Accepted->end"));

    private static XElement Activity(XDocument svg, string id) =>
        svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-activity-id") == id);

    [Fact]
    public void The_svg_is_well_formed_and_shows_every_activity_name_and_type()
    {
        var definition = JointReview();

        var svg = XDocument.Parse(WorkflowSvgRenderer.Render(definition));

        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.All(definition.Activities, a => Assert.Contains(a.Name, texts));
        Assert.Contains("HumanTask", texts);
        Assert.Equal(definition.Connections.Count, svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "connection"));
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName == "script");
    }

    [Fact]
    public void Current_activities_are_highlighted_and_completed_ones_marked()
    {
        var svg = XDocument.Parse(WorkflowSvgRenderer.Render(JointReview(), current: ["land", "forest"], completed: ["start", "fork"]));

        Assert.Equal("activity current", (string?)Activity(svg, "land").Attribute("class"));
        Assert.Equal("#d9480f", (string?)Activity(svg, "land").Element(Svg + "rect")!.Attribute("stroke"));
        Assert.Equal("activity completed", (string?)Activity(svg, "fork").Attribute("class"));
        Assert.Equal("activity", (string?)Activity(svg, "decide").Attribute("class"));
    }

    [Fact]
    public void Layers_follow_the_longest_path_from_start()
    {
        var svg = XDocument.Parse(WorkflowSvgRenderer.Render(JointReview()));
        int Y(string id) => (int)Activity(svg, id).Element(Svg + "rect")!.Attribute("y")!;

        Assert.True(Y("start") < Y("fork"));
        Assert.True(Y("fork") < Y("land"));
        Assert.Equal(Y("land"), Y("grassland"));
        Assert.True(Y("land") < Y("join"));
        Assert.True(Y("decide") < Y("end"));
    }

    [Fact]
    public void Names_are_xml_escaped_and_outcome_labels_shown_including_on_loops()
    {
        var text = WorkflowSvgRenderer.Render(CorrectionLoop());

        Assert.Contains("补正 &lt;申请人&gt; &amp; &quot;材料&quot;", text);
        var svg = XDocument.Parse(text);
        var labels = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "connection").Select(g => g.Element(Svg + "text")?.Value).ToList();
        Assert.Equal([null, "NeedsCorrection", "Resubmitted", "Accepted"], labels);
        Assert.Contains(" C ", svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-from") == "correct").Element(Svg + "path")!.Attribute("d")!.Value);
    }

    [Fact]
    public void Mermaid_lists_every_connection_with_outcome_labels()
    {
        var mermaid = WorkflowMermaidRenderer.Render(CorrectionLoop(), current: ["correct"], completed: ["start", "accept"]);
        var lines = mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal("flowchart TD", lines[0]);
        Assert.Contains("a_start([\"开始<br/><small>Start</small>\"])", lines);
        Assert.Contains("a_correct[\"补正 #lt;申请人#gt; #amp; #quot;材料#quot;<br/><small>HumanTask</small>\"]", lines);
        Assert.Contains("a_start --> a_accept", lines);
        Assert.Contains("a_accept -->|\"NeedsCorrection\"| a_correct", lines);
        Assert.Contains("a_correct -->|\"Resubmitted\"| a_accept", lines);
        Assert.Contains("a_accept -->|\"Accepted\"| a_end", lines);
        Assert.Contains("class a_correct current", lines);
        Assert.Contains("class a_start,a_accept completed", lines);
    }
}
