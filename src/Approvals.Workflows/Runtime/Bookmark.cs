using System.Text.Json.Nodes;

namespace Approvals.Workflows.Runtime;

/// <summary>What resumes a bookmark.</summary>
public enum BookmarkKind
{
    /// <summary>A person completes a task (the host keeps a task row).</summary>
    HumanTask,

    /// <summary>A time is reached (the host schedules a job for <see cref="Bookmark.DueAt"/>).</summary>
    Timer,

    /// <summary>A named signal is sent through <see cref="WorkflowRunner.SignalAsync"/>.</summary>
    Signal,
}

/// <summary>Where an instance waits. Consumed once: a second resume finds it gone.</summary>
public sealed record Bookmark
{
    /// <summary>Bookmark id, the handle the host resumes by.</summary>
    public Guid Id { get; init; }

    /// <summary>The activity that created it.</summary>
    public string ActivityId { get; init; } = "";

    /// <summary>The token (active position) it belongs to; the bookmarks of one token are alternatives.</summary>
    public Guid TokenId { get; init; }

    /// <summary>What resumes it.</summary>
    public BookmarkKind Kind { get; init; }

    /// <summary>Task kind, timer label or signal name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Data for the host (candidate role, jurisdiction, …).</summary>
    public JsonObject? Payload { get; init; }

    /// <summary>When it falls due (always set for timers).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>When it was created, by the runner's clock.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Equal when every field is, comparing payloads by JSON content (states are copied between runs).</summary>
    public bool Equals(Bookmark? other) =>
        other is not null
        && Id == other.Id
        && ActivityId == other.ActivityId
        && TokenId == other.TokenId
        && Kind == other.Kind
        && Name == other.Name
        && DueAt == other.DueAt
        && CreatedAt == other.CreatedAt
        && JsonNode.DeepEquals(Payload, other.Payload);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();
}

/// <summary>Why a bookmark went away.</summary>
public enum BookmarkRemovalReason
{
    /// <summary>It was resumed.</summary>
    Consumed,

    /// <summary>A sibling was resumed first, the instance ended, faulted or was withdrawn.</summary>
    Cancelled,
}

/// <summary>A bookmark a run removed, and why (the host deletes task rows and cancels timer jobs from this).</summary>
public sealed record RemovedBookmark(Bookmark Bookmark, BookmarkRemovalReason Reason);
