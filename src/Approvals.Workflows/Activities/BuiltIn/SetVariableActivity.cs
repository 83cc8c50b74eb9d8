using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>Writes a variable: <c>{"variable":"stage","value":"city"}</c> or copies one: <c>{"variable":"a","fromVariable":"b"}</c>.</summary>
public sealed class SetVariableActivity : IActivity
{
    /// <inheritdoc />
    public string Type => ActivityTypes.SetVariable;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var value = context.GetInputString("fromVariable") is { } from ? context.GetVariable(from) : context.Inputs["value"];
        context.SetVariable(context.GetInputString("variable")!, value?.DeepClone());
        return ValueTask.FromResult<ActivityResult>(ActivityResult.Complete());
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Inputs.GetString("variable")))
        {
            yield return "input 'variable' (the variable path to write) is missing";
        }

        if (!activity.Inputs.ContainsKey("value") && activity.Inputs.GetString("fromVariable") is null)
        {
            yield return "give 'value' or 'fromVariable'";
        }
    }
}
