namespace Approvals.Application.Auditing;

/// <summary>
/// Where the current request comes from, for security events in the audit trail. Web requests know the
/// client's address (as the server sees it: behind a proxy, the proxy's unless forwarded headers are
/// configured); the command line and background jobs have none.
/// </summary>
public interface IRequestOrigin
{
    string? ClientAddress { get; }
}
