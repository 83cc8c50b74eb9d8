using System.Text;
using System.Text.RegularExpressions;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Diagrams;

/// <summary>
/// Renders a definition as Mermaid <c>flowchart TD</c> text: one node per activity (name and type), one line per
/// connection with its outcome as label when not the default, optional current/completed classes.
/// </summary>
public static partial class WorkflowMermaidRenderer
{
    /// <summary>
    /// Renders the definition; ids in <paramref name="current"/> and <paramref name="completed"/> get the classes of those names;
    /// each activity named by <paramref name="names"/> (the reader's language) or else by its definition name.
    /// </summary>
    public static string Render(WorkflowDefinition definition, IEnumerable<string>? current = null, IEnumerable<string>? completed = null, Func<ActivityDefinition, string>? names = null)
    {
        var nameOf = names ?? (static a => a.Name);
        // Mermaid ids must be plain and must not be keywords such as "end", so prefix and sanitize them.
        var nodeIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var activity in definition.Activities.Where(a => a.Id.Length > 0).DistinctBy(a => a.Id))
        {
            var candidate = "a_" + UnsafeIdCharacters().Replace(activity.Id, "_");
            var unique = candidate;
            for (var n = 2; nodeIds.ContainsValue(unique); n++)
            {
                unique = $"{candidate}_{n}";
            }

            nodeIds[activity.Id] = unique;
        }

        var text = new StringBuilder("flowchart TD\n");
        foreach (var activity in definition.Activities.Where(a => nodeIds.ContainsKey(a.Id)).DistinctBy(a => a.Id))
        {
            var label = $"\"{Escape(nameOf(activity))}<br/><small>{Escape(activity.Type)}</small>\"";
            var shape = activity.Type switch
            {
                ActivityTypes.Start or ActivityTypes.End => $"([{label}])",
                ActivityTypes.Decision => $"{{{label}}}",
                ActivityTypes.Fork or ActivityTypes.Join => $"[[{label}]]",
                _ => $"[{label}]",
            };
            text.Append("    ").Append(nodeIds[activity.Id]).Append(shape).Append('\n');
        }

        foreach (var connection in definition.Connections.Where(c => nodeIds.ContainsKey(c.From) && nodeIds.ContainsKey(c.To)))
        {
            var arrow = connection.Outcome == Connection.DefaultOutcome ? "-->" : $"-->|\"{Escape(connection.Outcome)}\"|";
            text.Append("    ").Append(nodeIds[connection.From]).Append(' ').Append(arrow).Append(' ').Append(nodeIds[connection.To]).Append('\n');
        }

        AppendClass(text, "current", "fill:#fff1c2,stroke:#d9480f,stroke-width:3px", current, nodeIds);
        AppendClass(text, "completed", "fill:#e3f4e1,stroke:#5a9a52", (completed ?? []).Except(current ?? []), nodeIds);
        return text.ToString();
    }

    private static void AppendClass(StringBuilder text, string name, string style, IEnumerable<string>? activityIds, Dictionary<string, string> nodeIds)
    {
        var nodes = (activityIds ?? []).Where(nodeIds.ContainsKey).Select(id => nodeIds[id]).Distinct().ToList();
        if (nodes.Count == 0)
        {
            return;
        }

        text.Append("    classDef ").Append(name).Append(' ').Append(style).Append('\n');
        text.Append("    class ").Append(string.Join(",", nodes)).Append(' ').Append(name).Append('\n');
    }

    /// <summary>Mermaid entity codes for the characters that would end a quoted label or open markup.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "#amp;", StringComparison.Ordinal)
            .Replace("\"", "#quot;", StringComparison.Ordinal)
            .Replace("<", "#lt;", StringComparison.Ordinal)
            .Replace(">", "#gt;", StringComparison.Ordinal);

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex UnsafeIdCharacters();
}
