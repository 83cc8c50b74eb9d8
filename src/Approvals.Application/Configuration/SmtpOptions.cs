using System.Globalization;
using System.Net.Mail;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.Configuration;

/// <summary>How a connection to the mail server is secured (<c>Approvals:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>No encryption: only for a relay on the same host or a closed network (port 25).</summary>
    None,
}

/// <summary>
/// <c>Approvals:Smtp:*</c> and <c>Approvals:PublicUrl</c>: where notification e-mails go out and what their case links
/// point at. Absent (no <c>Approvals:Smtp:Host</c>), notifications stay in the application and no mail is sent.
/// </summary>
public sealed record SmtpOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required SmtpSecurity Security { get; init; }
    /// <summary>Both or neither: a server that needs no authentication (a local relay) gets no credentials.</summary>
    public string? User { get; init; }
    public string? Password { get; init; }
    /// <summary>The sender, an address optionally with a display name (<c>预审系统 &lt;noreply@zrzy.example&gt;</c>).</summary>
    public required string From { get; init; }
    /// <summary>The address people reach the web application at; mails link to <c>{PublicUrl}/cases/{id}</c> (<c>Approvals:PublicUrl</c>).</summary>
    public required Uri BaseUrl { get; init; }
    /// <summary>The wait before the first retry of a failed delivery; each further retry waits twice as long.</summary>
    public required TimeSpan RetryDelay { get; init; }
    /// <summary>Attempts before a delivery is given up (the notification stays in the application).</summary>
    public required int MaxAttempts { get; init; }
    /// <summary>How long one SMTP conversation may take before it counts as failed.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The settings, or null when no mail server is configured; a bad value throws <see cref="InvalidSettingException"/>.</summary>
    public static SmtpOptions? Read(IConfiguration configuration)
    {
        var host = Text(configuration, "Approvals:Smtp:Host");
        if (host is null) return null;

        const string securityKey = "Approvals:Smtp:Security";
        var securityText = Text(configuration, securityKey);
        var security = securityText is null ? SmtpSecurity.StartTls
            : Enum.TryParse<SmtpSecurity>(securityText, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(securityText, out _) ? s
            : throw new InvalidSettingException(securityKey, $"{securityKey} must be StartTls, SslOnConnect or None; it is \"{securityText}\".");

        const string portKey = "Approvals:Smtp:Port";
        var portText = Text(configuration, portKey);
        var port = portText is null ? security switch { SmtpSecurity.SslOnConnect => 465, SmtpSecurity.None => 25, _ => 587 }
            : int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535 ? p
            : throw new InvalidSettingException(portKey, $"{portKey} must be a port number between 1 and 65535; it is \"{portText}\".");

        var user = Text(configuration, "Approvals:Smtp:User");
        var password = Text(configuration, "Approvals:Smtp:Password");
        if ((user is null) != (password is null))
            throw new InvalidSettingException(user is null ? "Approvals:Smtp:User" : "Approvals:Smtp:Password",
                "Approvals:Smtp:User and Approvals:Smtp:Password are set together (or neither, for a server that needs no sign-in).");

        const string fromKey = "Approvals:Smtp:From";
        var from = Text(configuration, fromKey)
            ?? throw new InvalidSettingException(fromKey, $"{fromKey} is required when Approvals:Smtp:Host is set: the sender's address, e.g. noreply@zrzy.example.");
        if (!MailAddress.TryCreate(from, out _))
            throw new InvalidSettingException(fromKey, $"{fromKey} must be an e-mail address such as noreply@zrzy.example or \"预审系统 <noreply@zrzy.example>\"; it is \"{from}\".");

        // The one public address (the decision document's QR code uses it too), so a mail's link and the document agree.
        var baseUrl = new Uri(ApprovalsOptions.ReadPublicUrl(configuration) + "/");

        return new SmtpOptions
        {
            Host = host, Port = port, Security = security, User = user, Password = password, From = from, BaseUrl = baseUrl,
            RetryDelay = ApprovalsOptions.Duration(configuration, "Approvals:Smtp:RetryDelay", TimeSpan.FromMinutes(1), "00:01:00 (one minute)"),
            MaxAttempts = (int)ApprovalsOptions.Number(configuration, "Approvals:Smtp:MaxAttempts", 8, 1, 50),
            Timeout = ApprovalsOptions.Duration(configuration, "Approvals:Smtp:Timeout", TimeSpan.FromSeconds(60), "00:01:00 (one minute)"),
        };
    }

    /// <summary>The address of a case's page for people reading a mail.</summary>
    public string CaseLink(Guid caseId) => new Uri(BaseUrl, $"cases/{caseId}").ToString();

    // The same readers as every other setting (one wording of a refusal); mail addresses are trimmed besides.
    private static string? Text(IConfiguration configuration, string key) => ApprovalsOptions.Text(configuration, key)?.Trim();
}
