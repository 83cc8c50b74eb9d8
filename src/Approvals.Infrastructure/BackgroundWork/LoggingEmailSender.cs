using Approvals.Application.Notifications;
using Microsoft.Extensions.Logging;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>Writes emails to the log: the demo has no mail server; a deployment plugs in an SMTP sender here.</summary>
public sealed class LoggingEmailSender(ILogger<LoggingEmailSender> log) : IEmailSender
{
    public Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        log.LogInformation("Email to {To}: {Subject}", to, subject);
        return Task.CompletedTask;
    }
}
