using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Runtime;

namespace Approvals.Workflows.Activities;

/// <summary>
/// An activity type. One instance serves every execution (registered once in an <see cref="ActivityRegistry"/>),
/// so keep per-execution data in the context's variables or in bookmark payloads, never in fields.
/// </summary>
public interface IActivity
{
    /// <summary>The type name definitions use, e.g. <c>HumanTask</c>.</summary>
    string Type { get; }

    /// <summary>Runs the activity when a path reaches it.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Continues after one of this activity's bookmarks is resumed. The default completes with the outcome named
    /// by the input (see <see cref="ActivityResult.CompleteFromInput"/>).
    /// </summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, JsonNode? input) =>
        ValueTask.FromResult<ActivityResult>(ActivityResult.CompleteFromInput(input));

    /// <summary>Checks the configured inputs when a definition is loaded; returns one message per problem.</summary>
    IEnumerable<string> ValidateInputs(ActivityDefinition activity) => [];
}
