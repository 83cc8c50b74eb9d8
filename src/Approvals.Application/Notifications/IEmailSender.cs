namespace Approvals.Application.Notifications;

/// <summary>The port to email; the default implementation only logs (no mail server in the demo).</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct);
}
