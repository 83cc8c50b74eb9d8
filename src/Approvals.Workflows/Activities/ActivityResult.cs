using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities;

/// <summary>What an activity asks the runner to do next.</summary>
public abstract record ActivityResult
{
    private protected ActivityResult()
    {
    }

    /// <summary>Continue along the connections of these outcome ports (none given: <c>Done</c>).</summary>
    public static CompleteResult Complete(params string[] outcomes) =>
        new(outcomes.Length == 0 ? [Connection.DefaultOutcome] : outcomes);

    /// <summary>Wait on one or more bookmarks; the first one resumed wins and the others of this activity are cancelled.</summary>
    public static SuspendResult Suspend(params BookmarkRequest[] bookmarks) => new(bookmarks);

    /// <summary>Stop the instance as Faulted with this message.</summary>
    public static FaultResult Fault(string message) => new(message);

    /// <summary>Activate these outcome ports in parallel under a new fork scope that a Join later closes.</summary>
    public static ForkResult Fork(IEnumerable<string> branches) => new(branches.ToList());

    /// <summary>Arrive at a join: continue only when every branch of the innermost fork scope has arrived.</summary>
    public static JoinResult Join() => new();

    /// <summary>End this path; with <paramref name="terminate"/> end the whole instance and cancel its bookmarks.</summary>
    public static EndResult End(bool terminate = false) => new(terminate);

    /// <summary>
    /// Completes with the outcome named by a resume input: a JSON string (<c>"Approved"</c>) or an object with an
    /// <c>outcome</c> property (<c>{"outcome":"Approved"}</c>); anything else gives <c>Done</c>.
    /// </summary>
    public static CompleteResult CompleteFromInput(JsonNode? input)
    {
        var outcome = input switch
        {
            JsonValue value when value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) => s,
            JsonObject obj when obj["outcome"] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) => s,
            _ => Connection.DefaultOutcome,
        };
        return Complete(outcome);
    }
}

/// <summary>Continue along the connections of <see cref="Outcomes"/>.</summary>
public sealed record CompleteResult(IReadOnlyList<string> Outcomes) : ActivityResult;

/// <summary>Wait on <see cref="Bookmarks"/>.</summary>
public sealed record SuspendResult(IReadOnlyList<BookmarkRequest> Bookmarks) : ActivityResult;

/// <summary>Fault the instance.</summary>
public sealed record FaultResult(string Message) : ActivityResult;

/// <summary>Open a fork scope over <see cref="Branches"/> (outcome port names).</summary>
public sealed record ForkResult(IReadOnlyList<string> Branches) : ActivityResult;

/// <summary>Arrive at a join.</summary>
public sealed record JoinResult : ActivityResult;

/// <summary>End the path, or the instance when <see cref="Terminate"/>.</summary>
public sealed record EndResult(bool Terminate) : ActivityResult;
