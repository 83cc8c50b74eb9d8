using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;

namespace Approvals.Application.Workflows.Activities;

internal static class ActivityInputs
{
    /// <summary>A text input of a definition's activity, or null when absent or not text.</summary>
    public static string? Text(ActivityDefinition activity, string name) =>
        activity.Inputs[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
