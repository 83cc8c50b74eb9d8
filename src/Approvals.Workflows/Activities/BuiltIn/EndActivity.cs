using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>
/// Ends the current path. The instance finishes once no path is active any more; with
/// <c>"terminate": true</c> it finishes at once and every open bookmark is cancelled.
/// </summary>
public sealed class EndActivity : IActivity
{
    /// <inheritdoc />
    public string Type => ActivityTypes.End;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var terminate = context.Inputs["terminate"] is JsonValue v && v.TryGetValue<bool>(out var t) && t;
        return ValueTask.FromResult<ActivityResult>(ActivityResult.End(terminate));
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (activity.Inputs["terminate"] is { } node && !(node is JsonValue v && v.TryGetValue<bool>(out _)))
        {
            yield return "input 'terminate' must be true or false";
        }
    }
}
