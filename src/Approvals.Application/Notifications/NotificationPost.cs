using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;

namespace Approvals.Application.Notifications;

/// <summary>
/// Writes notifications into the current unit of work: the in-application message and, for the kinds people get by
/// e-mail (<see cref="NotificationKinds.IsEmailed"/>) when a mail server is configured, its delivery row and an outbox
/// message. Nothing leaves the process before the caller's transaction commits, so a rolled-back decision sends no
/// mail, and a committed one always gets its mail (the outbox sweep catches a crash between commit and dispatch).
/// </summary>
public sealed class NotificationPost(ApprovalsDbContext db, Outbox outbox, ApprovalsOptions options, TimeProvider clock)
{
    /// <param name="email">False where the recipient is told in the application only (see the callers).</param>
    /// <param name="at">The time of the event (a workflow step's or a sweep's clock); unset, now.</param>
    public void Post(ApprovalsUser recipient, string kind, string text, string textEn, Guid? caseId, Guid? taskId = null, bool email = true,
        DateTimeOffset? at = null)
    {
        var now = at ?? clock.GetUtcNow();
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(), RecipientId = recipient.Id, Kind = kind, Text = text, TextEn = textEn,
            CaseId = caseId, TaskId = taskId, CreatedAt = now,
        };
        db.Set<Notification>().Add(notification);
        if (!email || options.Smtp is null || !NotificationKinds.IsEmailed(kind) || string.IsNullOrWhiteSpace(recipient.Email)) return;
        var delivery = new EmailDelivery
        {
            Id = Guid.CreateVersion7(), NotificationId = notification.Id, To = recipient.Email.Trim(),
            Status = EmailDeliveryStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        };
        db.Set<EmailDelivery>().Add(delivery);
        outbox.Add(OutboxKinds.NotificationEmail, new EmailDeliveryWork.Payload(delivery.Id));
    }
}
