using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>
/// Activates branches in parallel. Without inputs every outgoing outcome port is activated; <c>"branches"</c>
/// (a JSON array of port names) or <c>"branchesFrom"</c> (a variable path holding such an array, e.g. the
/// departments a case needs) activate only the named ports.
/// </summary>
public sealed class ForkActivity : IActivity
{
    /// <inheritdoc />
    public string Type => ActivityTypes.Fork;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var source = context.GetInputString("branchesFrom");
        JsonNode? list = source is null ? context.Inputs["branches"] : context.GetVariable(source);
        if (source is null && list is null)
        {
            return Result(ActivityResult.Fork(context.OutgoingOutcomes));
        }

        if (list is not JsonArray array || array.Any(item => item is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            var what = source is null ? "input 'branches'" : $"variable '{source}'";
            return Result(ActivityResult.Fault($"{what} must be a JSON array of branch names (outcome ports), but is {list?.ToJsonString() ?? "missing"}"));
        }

        return Result(ActivityResult.Fork(array.Select(item => item!.GetValue<string>())));
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (activity.Inputs.ContainsKey("branches") && activity.Inputs.ContainsKey("branchesFrom"))
        {
            yield return "give either 'branches' or 'branchesFrom', not both";
        }

        if (activity.Inputs["branches"] is { } branches && branches is not JsonArray)
        {
            yield return "input 'branches' must be a JSON array of outcome port names";
        }
    }

    private static ValueTask<ActivityResult> Result(ActivityResult result) => ValueTask.FromResult(result);
}
