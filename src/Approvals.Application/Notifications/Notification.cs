namespace Approvals.Application.Notifications;

/// <summary>An in-app message to one user (a reminder, an overdue notice), optionally also sent by email.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid RecipientId { get; set; }
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";
    public string TextEn { get; set; } = "";
    public Guid? CaseId { get; set; }
    public Guid? TaskId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
