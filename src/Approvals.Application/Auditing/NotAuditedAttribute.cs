namespace Approvals.Application.Auditing;

/// <summary>
/// Marks bookkeeping rows that are not audited one by one: the workflow's own journal, bookmarks and
/// outbox already form a history, and auditing them again would double every write. What people do
/// (cases, tasks, decisions, users) is always audited.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotAuditedAttribute : Attribute;
