using System.Text.Json.Nodes;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Runtime;

namespace Approvals.Workflows.Tests.Support;

/// <summary>
/// Stands in for the host's human task: suspends on a HumanTask bookmark (payload: the "role" input) and, when
/// the "deadline" input is set, on a Timer bookmark as well. Resuming the task completes with the input's
/// outcome and copies its "variables" into the instance; resuming the timer completes with "TimedOut".
/// </summary>
public sealed class TestTaskActivity : IActivity
{
    public string Type => "HumanTask";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var task = BookmarkRequest.HumanTask(
            context.Activity.Id,
            new JsonObject { ["role"] = context.GetInputString("role") });
        if (context.GetInputString("deadline") is { } deadline)
        {
            var timer = BookmarkRequest.Timer("deadline", context.Now + TimeSpan.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture));
            return ValueTask.FromResult<ActivityResult>(ActivityResult.Suspend(task, timer));
        }

        return ValueTask.FromResult<ActivityResult>(ActivityResult.Suspend(task));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, JsonNode? input)
    {
        if (bookmark.Kind == BookmarkKind.Timer)
        {
            return ValueTask.FromResult<ActivityResult>(ActivityResult.Complete("TimedOut"));
        }

        if (input is JsonObject { } message && message["variables"] is JsonObject variables)
        {
            foreach (var (name, value) in variables)
            {
                context.SetVariable(name, value?.DeepClone());
            }
        }

        return ValueTask.FromResult<ActivityResult>(ActivityResult.CompleteFromInput(input));
    }
}

/// <summary>Counts up a variable and completes; used to build loops that never wait.</summary>
public sealed class CounterActivity : IActivity
{
    public string Type => "Counter";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var current = context.GetVariable("count")?.GetValue<int>() ?? 0;
        context.SetVariable("count", current + 1);
        return ValueTask.FromResult<ActivityResult>(ActivityResult.Complete());
    }
}

/// <summary>Throws, to show that an activity's exception faults the instance instead of escaping.</summary>
public sealed class ThrowingActivity : IActivity
{
    public string Type => "Throwing";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        throw new InvalidOperationException("spatial service unavailable");
}

/// <summary>Reads a service from the host's container, to show activities can use host services.</summary>
public sealed class GreetingActivity : IActivity
{
    public string Type => "Greeting";

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var greeting = (string?)context.Services.GetService(typeof(string)) ?? "(none)";
        context.SetVariable("greeting", greeting);
        return ValueTask.FromResult<ActivityResult>(ActivityResult.Complete());
    }
}
