using Approvals.Application.Notifications;
using Microsoft.Extensions.Logging;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>Writes e-mails to the log: used when no mail server is configured (Approvals:Smtp), as in the demo.</summary>
public sealed class LoggingEmailSender(ILogger<LoggingEmailSender> log) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        log.LogInformation("Email to {To}: {Subject}", message.To, message.Subject);
        return Task.CompletedTask;
    }
}
