using System.Net.Mail;
using Approvals.Application.Cases;
using Approvals.Application.Configuration;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Approvals.Application.Notifications;

/// <summary>
/// Sends the e-mail of one delivery row (background work, after the notification committed), retrying a failure
/// later with a doubling wait and giving up after <see cref="SmtpOptions.MaxAttempts"/>.
/// </summary>
/// <remarks>
/// Never twice: the row is locked (<c>FOR UPDATE SKIP LOCKED</c>) for the whole SMTP conversation and marked sent in
/// the same transaction, committed as soon as the server has accepted the message. A second job for the same row (a
/// retry after a timeout, a sweep, another node) either finds it locked and leaves it, or finds it sent.
/// SMTP has no way to make the server's acceptance and our commit one step, so one window remains: the process dies
/// (or loses the database) after the server answered 250 to the message and before the commit. The lock then falls
/// with the connection, the row is still pending, and the retry sends a second copy: at least once, not exactly once.
/// The window is kept to the few milliseconds of one UPDATE and COMMIT (nothing else runs between them), and every
/// copy carries the same Message-ID (<see cref="EmailMessage.MessageId"/>), by which mail systems recognise the
/// duplicate. The other choice, marking the row "sending" before the conversation, would lose the mail instead, and a
/// correction notice the applicant never gets costs more than a rare second copy.
/// </remarks>
public sealed class EmailDeliveryWork(ApprovalsDbContext db, IEmailSender sender, ApprovalsOptions options, Outbox outbox,
    TimeProvider clock, ILogger<EmailDeliveryWork> log)
{
    public sealed record Payload(Guid DeliveryId);

    /// <summary>Sends the delivery if it is still pending and nobody else is sending it; returns whether this call sent it.</summary>
    public async Task<bool> RunAsync(Guid deliveryId, CancellationToken ct)
    {
        // A node without a mail server (a misconfigured one beside nodes that have it) leaves the row pending and fails
        // the job, so that Hangfire runs it again, perhaps on a node that can send, and the dashboard shows why.
        var smtp = options.Smtp ?? throw new InvalidOperationException("This node has no mail server (Approvals:Smtp) to send notification e-mails with.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var delivery = await db.Set<EmailDelivery>()
            .FromSqlInterpolated($"SELECT * FROM email_deliveries WHERE id = {deliveryId} AND status = 'Pending' FOR UPDATE SKIP LOCKED")
            .SingleOrDefaultAsync(ct);
        if (delivery is null) return false;
        var notification = await db.Set<Notification>().AsNoTracking().SingleAsync(n => n.Id == delivery.NotificationId, ct);
        var caseNumber = notification.CaseId is { } caseId
            ? await db.Set<Case>().Where(c => c.Id == caseId).Select(c => c.Number).SingleOrDefaultAsync(ct)
            : null;

        delivery.Attempts++;
        try
        {
            await sender.SendAsync(Compose(notification, caseNumber, delivery.To, smtp), ct);
            delivery.Status = EmailDeliveryStatus.Sent;
            delivery.SentAt = clock.GetUtcNow();
            delivery.NextAttemptAt = null;
            delivery.LastError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            delivery.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            if (delivery.Attempts >= smtp.MaxAttempts)
            {
                delivery.Status = EmailDeliveryStatus.GivenUp;
                delivery.NextAttemptAt = null;
                log.LogError(e, "Gave up e-mailing notification {Notification} to {To} after {Attempts} attempts", notification.Id, delivery.To, delivery.Attempts);
            }
            else
            {
                // 1, 2, 4, 8 … times the first delay, at most a day: a mail server down for hours is not hammered.
                var wait = TimeSpan.FromTicks(Math.Min(smtp.RetryDelay.Ticks * (1L << Math.Min(delivery.Attempts - 1, 20)), TimeSpan.FromDays(1).Ticks));
                delivery.NextAttemptAt = clock.GetUtcNow() + wait;
                outbox.Add(OutboxKinds.NotificationEmail, new Payload(delivery.Id), delivery.NextAttemptAt);
                log.LogWarning(e, "E-mailing notification {Notification} to {To} failed (attempt {Attempts}); retrying at {At}",
                    notification.Id, delivery.To, delivery.Attempts, delivery.NextAttemptAt);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return delivery.Status == EmailDeliveryStatus.Sent;
    }

    /// <summary>Chinese first, English below, in the subject and the body; the case's link in both.</summary>
    public static EmailMessage Compose(Notification notification, string? caseNumber, string to, SmtpOptions smtp)
    {
        var kind = NotificationKinds.Name(notification.Kind);
        var subject = caseNumber is null ? $"{kind.Zh} / {kind.En}" : $"{kind.Zh}：案件 {caseNumber} / {kind.En}: case {caseNumber}";
        var link = notification.CaseId is { } caseId ? smtp.CaseLink(caseId) : null;
        var body = string.Join("\n", new[]
        {
            notification.Text,
            link is null ? null : $"查看案件：{link}",
            "",
            "——",
            notification.TextEn,
            link is null ? null : $"Open the case: {link}",
            "",
            "本邮件由系统自动发送，请勿回复。 / This message was sent automatically; please do not reply.",
        }.Where(line => line is not null));
        var domain = MailAddress.TryCreate(smtp.From, out var from) ? from.Host : "approvals";
        return new EmailMessage(to, subject, body, $"notification-{notification.Id:N}@{domain}");
    }
}
