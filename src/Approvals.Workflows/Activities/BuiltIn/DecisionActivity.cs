using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>
/// Chooses one outcome by comparing a variable to configured cases; the first matching case wins, else the
/// default outcome. Inputs: <c>{"variable":"review.result","cases":[{"value":"approve","outcome":"Approved"},
/// {"operator":"gte","value":10,"outcome":"Province"}],"default":"Otherwise"}</c>. Operators: equals (default),
/// notEquals, gt, gte, lt, lte (numbers), contains (array or string variable), in (value is an array).
/// </summary>
public sealed class DecisionActivity : IActivity
{
    /// <summary>The outcome used when no case matches and no <c>default</c> is configured.</summary>
    public const string DefaultOutcome = "Default";

    private static readonly string[] Operators = ["equals", "notEquals", "gt", "gte", "lt", "lte", "contains", "in"];

    /// <inheritdoc />
    public string Type => ActivityTypes.Decision;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var actual = context.GetVariable(context.GetInputString("variable") ?? "");
        var cases = context.Inputs["cases"] as JsonArray ?? [];
        foreach (var item in cases.OfType<JsonObject>())
        {
            var op = item.GetString("operator") ?? "equals";
            if (Matches(actual, op, item["value"]))
            {
                return ValueTask.FromResult<ActivityResult>(ActivityResult.Complete(item.GetString("outcome")!));
            }
        }

        return ValueTask.FromResult<ActivityResult>(ActivityResult.Complete(context.GetInputString("default") ?? DefaultOutcome));
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Inputs.GetString("variable")))
        {
            yield return "input 'variable' (the variable path to compare) is missing";
        }

        if (activity.Inputs["cases"] is not JsonArray cases)
        {
            yield return "input 'cases' must be a JSON array of {value, outcome}";
            yield break;
        }

        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i] is not JsonObject c || string.IsNullOrWhiteSpace(c.GetString("outcome")))
            {
                yield return $"case #{i + 1} needs an 'outcome'";
            }
            else if (c.GetString("operator") is { } op && !Operators.Contains(op))
            {
                yield return $"case #{i + 1} has unknown operator '{op}' (known: {string.Join(", ", Operators)})";
            }
        }
    }

    private static bool Matches(JsonNode? actual, string op, JsonNode? expected) => op switch
    {
        "equals" => SameValue(actual, expected),
        "notEquals" => !SameValue(actual, expected),
        "gt" => Compare(actual, expected) is > 0,
        "gte" => Compare(actual, expected) is >= 0,
        "lt" => Compare(actual, expected) is < 0,
        "lte" => Compare(actual, expected) is <= 0,
        "contains" => actual switch
        {
            JsonArray array => array.Any(element => SameValue(element, expected)),
            JsonValue v when v.TryGetValue<string>(out var s) && expected is JsonValue e && e.TryGetValue<string>(out var part) => s.Contains(part, StringComparison.Ordinal),
            _ => false,
        },
        "in" => expected is JsonArray options && options.Any(option => SameValue(actual, option)),
        _ => false,
    };

    private static bool SameValue(JsonNode? a, JsonNode? b) =>
        Number(a) is { } x && Number(b) is { } y ? x == y : JsonNode.DeepEquals(a, b);

    private static int? Compare(JsonNode? a, JsonNode? b) =>
        Number(a) is { } x && Number(b) is { } y ? x.CompareTo(y) : null;

    private static decimal? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
}
