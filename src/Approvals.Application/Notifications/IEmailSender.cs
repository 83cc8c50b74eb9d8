namespace Approvals.Application.Notifications;

/// <summary>
/// The port to e-mail: SMTP (MailKit) when <c>Approvals:Smtp</c> is configured, otherwise a sender that only logs.
/// Throws when the server does not accept the message; the caller retries (<see cref="EmailDeliveryWork"/>).
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <param name="MessageId">The Message-ID header, the same for every attempt of one delivery, so that a mail system
/// which sees a copy twice can tell it is the same message.</param>
public sealed record EmailMessage(string To, string Subject, string Body, string MessageId);
