using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>Where an instance begins; completes at once with <c>Done</c>.</summary>
public sealed class StartActivity : IActivity
{
    /// <inheritdoc />
    public string Type => ActivityTypes.Start;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult<ActivityResult>(ActivityResult.Complete());
}
