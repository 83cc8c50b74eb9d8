using System.Text.Json.Nodes;

namespace Approvals.Workflows.Runtime;

/// <summary>What a journal entry records.</summary>
public enum JournalEvent
{
    /// <summary>An activity ran and continued along its outcomes.</summary>
    Completed,

    /// <summary>An activity ran and now waits on bookmarks.</summary>
    Suspended,

    /// <summary>A bookmark was resumed and the activity continued along its outcomes.</summary>
    Resumed,

    /// <summary>A branch reached a join that still waits for other branches.</summary>
    Waiting,

    /// <summary>A path reached an End.</summary>
    Ended,

    /// <summary>The instance finished.</summary>
    Finished,

    /// <summary>The instance faulted.</summary>
    Faulted,

    /// <summary>The instance was withdrawn.</summary>
    Cancelled,
}

/// <summary>One step of a run, for the case history. Instance-level events have no activity.</summary>
public sealed record JournalEntry(
    Guid InstanceId,
    string? ActivityId,
    string? ActivityType,
    string? ActivityName,
    JournalEvent Event,
    IReadOnlyList<string> Outcomes,
    string? Actor,
    DateTimeOffset At,
    JsonObject? Detail);
