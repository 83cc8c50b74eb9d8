using Approvals.Application.Identity;
using Approvals.Application.Persistence;

namespace Approvals.Application.Auditing;

/// <summary>
/// Puts attempts on accounts that change no row (a sign-in, failed or not; a registration of an address that is
/// taken) into the audit trail through <see cref="AuditTrail.RecordAsync"/>, the same hash chain as every saved
/// change. What is recorded: the user name tried and the
/// client's address, never the password.
/// </summary>
public static class AccountAttemptAudit
{
    public const string SignInSucceeded = "SignInSucceeded";
    public const string SignInFailed = "SignInFailed";
    /// <summary>Not even tried: the sign-in backoff held this client back for this user name.</summary>
    public const string SignInHeldBack = "SignInHeldBack";
    /// <summary>The password was right, but the account is disabled.</summary>
    public const string SignInRefusedDisabled = "SignInRefusedDisabled";
    public const string RegistrationOfTakenAddress = "RegistrationOfTakenAddress";

    /// <param name="userId">The account, when the attempt succeeded (it then acts as that user); null otherwise.</param>
    public static Task RecordAsync(
        ApprovalsDbContext db, string action, string userName, string? clientAddress, Guid? userId, string? correlationId, CancellationToken ct)
    {
        // Whatever a stranger typed is bounded before it is kept.
        var name = userName.Length <= 256 ? userName : userName[..256];
        var actor = userId is null
            ? Actor.Anonymous with { CorrelationId = correlationId }
            : new Actor(userId, name, null, null, null, null, null, correlationId);
        return AuditTrail.RecordAsync(db, action, "Account", name, new { userName = name, clientAddress, userId }, ct, actor);
    }
}
