using Approvals.Application.Persistence;
using Approvals.Application.Auditing;
using Approvals.Workflows.Runtime;

namespace Approvals.Application.Workflows;

/// <summary>A workflow instance as stored: its whole state as jsonb, guarded by a version column.</summary>
[NotAudited]
public sealed class WorkflowInstanceRecord : IVersioned
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public WorkflowStatus Status { get; set; }
    public string State { get; set; } = "";
    public Guid? CaseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>An open bookmark, indexed for lookups (by timer due time, by kind) without reading every state.</summary>
[NotAudited]
public sealed class WorkflowBookmarkRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public BookmarkKind Kind { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The Hangfire job that fires a timer bookmark, kept so cancelling it is cheap.</summary>
    public string? JobId { get; set; }
}

/// <summary>The journal: every activity run (when, by whom, outcome).</summary>
[NotAudited]
public sealed class WorkflowJournalRecord
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public string? ActivityName { get; set; }
    public string Event { get; set; } = "";
    public string Outcomes { get; set; } = "";
    public string? Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Detail { get; set; }
}

/// <summary>
/// Background work decided inside a business transaction, written in that same transaction and turned
/// into Hangfire jobs after commit (and by a sweeper if the process died in between), so a state change
/// and the work it schedules never diverge.
/// </summary>
[NotAudited]
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public string Payload { get; set; } = "";
    /// <summary>When the work should run (null: at once).</summary>
    public DateTimeOffset? RunAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public string? JobId { get; set; }
}
