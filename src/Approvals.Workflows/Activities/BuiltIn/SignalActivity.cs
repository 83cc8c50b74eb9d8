using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>Waits for the signal named by <c>"signal"</c>; <see cref="Runtime.WorkflowRunner.SignalAsync"/> resumes it.</summary>
public sealed class SignalActivity : IActivity
{
    /// <inheritdoc />
    public string Type => ActivityTypes.Signal;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult<ActivityResult>(ActivityResult.Suspend(BookmarkRequest.Signal(context.GetInputString("signal")!)));

    /// <inheritdoc />
    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Inputs.GetString("signal")))
        {
            yield return "input 'signal' (the signal name to wait for) is missing";
        }
    }
}
