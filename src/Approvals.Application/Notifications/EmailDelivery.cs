using Approvals.Application.Auditing;

namespace Approvals.Application.Notifications;

public enum EmailDeliveryStatus
{
    /// <summary>Not sent yet: waiting for its first attempt or a retry.</summary>
    Pending,
    /// <summary>The mail server accepted the message.</summary>
    Sent,
    /// <summary>Every attempt failed; the notification is still shown in the application.</summary>
    GivenUp,
}

/// <summary>
/// The e-mail copy of one notification: one row per notification (a unique key), written in the same transaction
/// as the notification and sent by background work after commit. The row is its own history (attempts, the last
/// error, when it was sent), as the outbox's rows are, so it is not audited again one update at a time.
/// </summary>
[NotAudited]
public sealed class EmailDelivery
{
    public Guid Id { get; set; }
    public Guid NotificationId { get; set; }
    /// <summary>The address when the notification was written (a later change of address does not redirect it).</summary>
    public string To { get; set; } = "";
    public EmailDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
