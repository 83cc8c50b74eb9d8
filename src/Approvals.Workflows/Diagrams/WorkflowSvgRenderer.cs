using System.Security;
using System.Text;
using Approvals.Workflows.Definitions;
using static System.FormattableString;

namespace Approvals.Workflows.Diagrams;

/// <summary>
/// Renders a definition as a standalone SVG (no script): one box per activity with its name and type, arrows
/// labelled with their outcome when it is not the default, loops drawn as curves on the right. Activities can be
/// marked as current (where the case waits) and completed, for an instance view.
/// </summary>
public static class WorkflowSvgRenderer
{
    private const int BoxHeight = 54;
    private const int GapX = 40;
    private const int GapY = 70;
    private const int Margin = 24;
    private const int LoopRoom = 120;

    /// <summary>
    /// Renders the definition; ids in <paramref name="current"/> are highlighted, ids in <paramref name="completed"/> shown as done;
    /// each activity named by <paramref name="names"/> (the reader's language) or else by its definition name.
    /// </summary>
    public static string Render(WorkflowDefinition definition, IEnumerable<string>? current = null, IEnumerable<string>? completed = null, Func<ActivityDefinition, string>? names = null)
    {
        var label = names ?? (static a => a.Name);
        var layout = DiagramLayout.Compute(definition);
        var currentSet = (current ?? []).ToHashSet(StringComparer.Ordinal);
        var completedSet = (completed ?? []).ToHashSet(StringComparer.Ordinal);
        var boxWidth = Math.Max(120, layout.Activities.Select(a => Math.Max(TextWidth(label(a), 14), TextWidth(a.Type, 11))).DefaultIfEmpty(0).Max() + 28);
        var columns = layout.Layers.Select(l => l.Count).DefaultIfEmpty(1).Max();
        var contentWidth = (columns * boxWidth) + ((columns - 1) * GapX);
        var width = (2 * Margin) + contentWidth + LoopRoom;
        var height = (2 * Margin) + (layout.Layers.Count * BoxHeight) + (Math.Max(0, layout.Layers.Count - 1) * GapY);

        var boxes = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        for (var l = 0; l < layout.Layers.Count; l++)
        {
            var layer = layout.Layers[l];
            var offset = (contentWidth - ((layer.Count * boxWidth) + ((layer.Count - 1) * GapX))) / 2;
            for (var s = 0; s < layer.Count; s++)
            {
                boxes[layer[s]] = (Margin + offset + (s * (boxWidth + GapX)), Margin + (l * (BoxHeight + GapY)));
            }
        }

        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif" font-size="14">"""));
        svg.Append('\n').Append("<title>").Append(Xml(definition.Name)).Append(Invariant($" (v{definition.Version})</title>\n"));
        svg.Append("""<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>""").Append('\n');
        svg.Append("""<rect width="100%" height="100%" fill="#ffffff"/>""").Append('\n');

        // Connections between the same two activities (e.g. Approved and Refused both to End) are fanned out side by side.
        foreach (var parallel in layout.DrawableConnections(definition).GroupBy(c => (c.From, c.To)))
        {
            var group = parallel.ToList();
            for (var i = 0; i < group.Count; i++)
            {
                var spread = (i - ((group.Count - 1) / 2.0)) * 18;
                AppendConnection(svg, group[i], boxes[group[i].From], boxes[group[i].To], boxWidth, layout.BackEdges.Contains(group[i]), spread);
            }
        }

        foreach (var activity in layout.Activities)
        {
            var state = currentSet.Contains(activity.Id) ? "current" : completedSet.Contains(activity.Id) ? "completed" : null;
            AppendActivity(svg, activity, label(activity), boxes[activity.Id], boxWidth, state);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void AppendActivity(StringBuilder svg, ActivityDefinition activity, string name, (int X, int Y) at, int boxWidth, string? state)
    {
        var (fill, stroke, strokeWidth) = state switch
        {
            "current" => ("#fff1c2", "#d9480f", 3),
            "completed" => ("#e3f4e1", "#5a9a52", 1),
            _ => ("#f5f8fc", "#4a6fa5", 1),
        };
        var rounded = activity.Type is ActivityTypes.Start or ActivityTypes.End ? BoxHeight / 2 : 6;
        var centre = at.X + (boxWidth / 2);
        svg.Append(Invariant($"""<g class="activity{(state is null ? "" : " " + state)}" data-activity-id="{Xml(activity.Id)}">"""));
        svg.Append("<title>").Append(Xml($"{name} ({activity.Type}, {activity.Id})")).Append("</title>");
        svg.Append(Invariant($"""<rect x="{at.X}" y="{at.Y}" width="{boxWidth}" height="{BoxHeight}" rx="{rounded}" fill="{fill}" stroke="{stroke}" stroke-width="{strokeWidth}"/>"""));
        svg.Append(Invariant($"""<text x="{centre}" y="{at.Y + 23}" text-anchor="middle" font-weight="600" fill="#1f2d3d">""")).Append(Xml(name)).Append("</text>");
        svg.Append(Invariant($"""<text x="{centre}" y="{at.Y + 42}" text-anchor="middle" font-size="11" fill="#666666">""")).Append(Xml(activity.Type)).Append("</text>");
        svg.Append("</g>\n");
    }

    private static void AppendConnection(StringBuilder svg, Connection connection, (int X, int Y) from, (int X, int Y) to, int boxWidth, bool loopsBack, double spread)
    {
        string path;
        double labelX, labelY;
        if (loopsBack)
        {
            // Out of the source's right side, round to the right, into the target's right side.
            var (x1, y1) = (from.X + boxWidth, from.Y + (BoxHeight / 2));
            var (x2, y2) = (to.X + boxWidth, to.Y + (BoxHeight / 2));
            var bulge = 50 + (Math.Abs(y1 - y2) / 8) + Math.Abs(spread);
            var reach = Math.Max(x1, x2) + bulge;
            path = Invariant($"M {x1} {y1 + spread / 3:0.#} C {reach} {y1}, {reach} {y2}, {x2} {y2 + spread / 3:0.#}");
            labelX = reach - (bulge / 4.0);
            labelY = ((y1 + y2) / 2.0) + spread;
        }
        else
        {
            var (x1, y1) = (from.X + (boxWidth / 2) + spread, from.Y + BoxHeight);
            var (x2, y2) = (to.X + (boxWidth / 2) + spread, to.Y);
            path = Invariant($"M {x1:0.#} {y1} L {x2:0.#} {y2}");
            labelX = ((x1 + x2) / 2.0) + (spread * 2.5);
            labelY = ((y1 + y2) / 2.0) + 4;
        }

        svg.Append(Invariant($"""<g class="connection" data-from="{Xml(connection.From)}" data-to="{Xml(connection.To)}" data-outcome="{Xml(connection.Outcome)}">"""));
        svg.Append(Invariant($"""<path d="{path}" fill="none" stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"/>"""));
        if (connection.Outcome != Connection.DefaultOutcome)
        {
            svg.Append(Invariant($"""<text x="{labelX:0.#}" y="{labelY:0.#}" text-anchor="middle" font-size="12" fill="#333" stroke="#ffffff" stroke-width="4" paint-order="stroke">"""))
                .Append(Xml(connection.Outcome)).Append("</text>");
        }

        svg.Append("</g>\n");
    }

    /// <summary>Rough text width: CJK and other wide characters take a full em, Latin about 0.6 em.</summary>
    private static int TextWidth(string text, int fontSize) =>
        (int)Math.Ceiling(text.Sum(c => c >= '\u2E80' ? fontSize : fontSize * 0.6));

    private static string Xml(string text) => SecurityElement.Escape(text);
}
