namespace Approvals.Workflows.Runtime;

/// <summary>
/// The outcome of one run: the new state to store and the net changes against the state the run was given
/// (a bookmark created and removed within the same run appears in neither list).
/// </summary>
public sealed record WorkflowRunResult(
    WorkflowInstanceState State,
    IReadOnlyList<Bookmark> CreatedBookmarks,
    IReadOnlyList<RemovedBookmark> RemovedBookmarks,
    IReadOnlyList<JournalEntry> Journal)
{
    /// <summary>The instance status after the run.</summary>
    public WorkflowStatus Status => State.Status;
}

/// <summary>Limits for a run.</summary>
public sealed record WorkflowRunnerOptions
{
    /// <summary>
    /// Most activity executions one run may perform before the instance is faulted; stops a loop that never
    /// waits on a bookmark from spinning forever.
    /// </summary>
    public int MaxActivityExecutionsPerRun { get; init; } = 1000;
}

/// <summary>The state holds no open bookmark with this id: it was already consumed or cancelled, or never existed. Hosts map it to 409.</summary>
public sealed class BookmarkNotFoundException(Guid instanceId, Guid bookmarkId)
    : WorkflowException($"Workflow instance {instanceId} has no open bookmark {bookmarkId}; it was already resumed or cancelled.")
{
    /// <summary>The instance.</summary>
    public Guid InstanceId { get; } = instanceId;

    /// <summary>The bookmark asked for.</summary>
    public Guid BookmarkId { get; } = bookmarkId;
}

/// <summary>The instance has finished, faulted or been cancelled and cannot change any more.</summary>
public sealed class WorkflowInstanceNotActiveException(Guid instanceId, WorkflowStatus status)
    : WorkflowException($"Workflow instance {instanceId} is {status} and can no longer change.")
{
    /// <summary>The instance.</summary>
    public Guid InstanceId { get; } = instanceId;

    /// <summary>Its status.</summary>
    public WorkflowStatus Status { get; } = status;
}
