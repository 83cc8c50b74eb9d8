using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>
/// Suspends on a Timer bookmark that the host resumes when due. Exactly one of: <c>"dueAt"</c> (ISO 8601 instant),
/// <c>"delay"</c> (relative to the clock: <c>"3.00:00:00"</c> or ISO 8601 <c>"P3D"</c>), <c>"dueAtVariable"</c>
/// (a variable path holding an ISO 8601 instant). Optional <c>"name"</c> labels the bookmark (default: the activity id).
/// Working-day deadlines need the host's calendar: compute them in a host activity or into a variable.
/// </summary>
public sealed class TimerActivity : IActivity
{
    private static readonly string[] Sources = ["dueAt", "delay", "dueAtVariable"];

    /// <inheritdoc />
    public string Type => ActivityTypes.Timer;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        DateTimeOffset dueAt;
        if (context.GetInputString("delay") is { } delayText)
        {
            dueAt = context.Now + ParseDelay(delayText)!.Value;
        }
        else
        {
            var variable = context.GetInputString("dueAtVariable");
            var text = variable is null ? context.GetInputString("dueAt") : InstantText(context.GetVariable(variable));
            if (ParseInstant(text) is not { } instant)
            {
                return ValueTask.FromResult<ActivityResult>(ActivityResult.Fault($"variable '{variable}' does not hold an ISO 8601 instant (it holds {context.GetVariable(variable ?? "")?.ToJsonString() ?? "nothing"})"));
            }

            dueAt = instant;
        }

        var name = context.GetInputString("name") ?? context.Activity.Id;
        return ValueTask.FromResult<ActivityResult>(ActivityResult.Suspend(BookmarkRequest.Timer(name, dueAt)));
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        var given = Sources.Where(activity.Inputs.ContainsKey).ToList();
        if (given.Count != 1)
        {
            yield return $"give exactly one of 'dueAt', 'delay', 'dueAtVariable' (found {given.Count})";
            yield break;
        }

        var text = activity.Inputs.GetString(given[0]);
        var problem = given[0] switch
        {
            "delay" when ParseDelay(text) is null => $"input 'delay' is not a duration ('3.00:00:00' or 'P3D'): {activity.Inputs["delay"]?.ToJsonString()}",
            "dueAt" when ParseInstant(text) is null => $"input 'dueAt' is not an ISO 8601 instant: {activity.Inputs["dueAt"]?.ToJsonString()}",
            "dueAtVariable" when string.IsNullOrWhiteSpace(text) => "input 'dueAtVariable' must name a variable",
            _ => null,
        };
        if (problem is not null)
        {
            yield return problem;
        }
    }

    private static TimeSpan? ParseDelay(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    private static string? InstantText(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<DateTimeOffset>(out var instant) => instant.ToString("O", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static DateTimeOffset? ParseInstant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : null;
}
