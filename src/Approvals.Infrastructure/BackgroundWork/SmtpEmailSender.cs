using Approvals.Application.Configuration;
using Approvals.Application.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>
/// Sends one message per SMTP connection with MailKit (Approvals:Smtp). A connection per message keeps a failed
/// conversation from affecting the next one; notifications are few (a handful per case), so the cost does not matter.
/// Returns only once the server has accepted the message (its 250 after DATA); any refusal throws.
/// </summary>
public sealed class SmtpEmailSender(SmtpOptions smtp) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = message.MessageId.Trim('<', '>'),
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.Body },
        };
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        mime.To.Add(MailboxAddress.Parse(message.To));

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        var security = smtp.Security switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (smtp is { User: { } user, Password: { } password }) await client.AuthenticateAsync(user, password, ct);
        await client.SendAsync(mime, ct);
        // The message is accepted; a failure to say goodbye must not make it count as failed (and be sent again).
        try { await client.DisconnectAsync(quit: true, ct); }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException) { }
    }
}
