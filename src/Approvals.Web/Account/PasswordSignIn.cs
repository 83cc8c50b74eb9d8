using System.Diagnostics;
using System.Security.Claims;
using Approvals.Application.Auditing;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Web.Account;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Wrong user name or password: one answer for both.</summary>
    Refused,
    /// <summary>Not tried: this address failed too often for this name (see <see cref="SignInBackoff"/>).</summary>
    HeldBack,
    /// <summary>The password was right but an administrator disabled the account.</summary>
    Disabled,
}

public sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan RetryAfter = default)
{
    public static string RefusedMessage => Bilingual.Text("用户名或密码错误", "Wrong user name or password");

    // Only said to someone who knew the password, so it tells a guesser nothing.
    public static string DisabledMessage => Bilingual.Text("该账号已停用，请联系系统管理员", "This account is disabled; ask an administrator");

    public string HeldBackMessage
    {
        get
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
            return Bilingual.Text($"登录失败次数过多，请 {seconds} 秒后再试", $"Too many failed sign-ins; try again in {seconds} seconds");
        }
    }
}

/// <summary>
/// Sign-in with a user name and password, for the API and the sign-in page alike: the backoff per address and
/// name, one answer and about the same time whether or not the name exists, and an audit entry for every attempt
/// (name tried and client address). Sign-out ends the session on the server as well.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<ApprovalsUser> signIn, UserManager<ApprovalsUser> users, IPasswordHasher<ApprovalsUser> hasher,
    SignInBackoff backoff, ApprovalsDbContext db)
{
    /// <summary>A hash of a password nobody knows, checked for names that do not exist so they cost what real ones cost.</summary>
    private static string? _decoyHash;

    public async Task<SignInAttempt> SignInAsync(HttpContext http, string userName, string password, CancellationToken ct)
    {
        var name = userName.Trim();
        var client = ClientAddress.Of(http);
        if (backoff.HeldBack(client, name) is { } wait)
        {
            await AuditAsync(http, AccountAttemptAudit.SignInHeldBack, name, client, null, ct);
            return new SignInAttempt(SignInOutcome.HeldBack, wait);
        }

        var user = await users.FindByNameAsync(name);
        var succeeded = false;
        if (user is null)
        {
            _decoyHash ??= hasher.HashPassword(new ApprovalsUser(), Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(new ApprovalsUser(), _decoyHash, password);
        }
        else
        {
            succeeded = (await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)).Succeeded;
        }

        if (!succeeded)
        {
            backoff.Failed(client, name);
            await AuditAsync(http, AccountAttemptAudit.SignInFailed, name, client, null, ct);
            return new SignInAttempt(SignInOutcome.Refused);
        }
        backoff.Succeeded(client, name);
        if (user!.DisabledAt is not null)
        {
            await AuditAsync(http, AccountAttemptAudit.SignInRefusedDisabled, name, client, user.Id, ct);
            return new SignInAttempt(SignInOutcome.Disabled);
        }
        await signIn.SignInWithClaimsAsync(user!, isPersistent: false, [new Claim("amr", "pwd")]);
        await AuditAsync(http, AccountAttemptAudit.SignInSucceeded, name, client, user!.Id, ct);
        return new SignInAttempt(SignInOutcome.SignedIn);
    }

    /// <summary>
    /// Ends the session: a new security stamp makes every cookie issued before it invalid (checked on each request,
    /// see Hosting/Sessions), so a copied cookie stops working too, not only the browser's own.
    /// </summary>
    public async Task SignOutAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
    }

    private Task AuditAsync(HttpContext http, string action, string name, string client, Guid? userId, CancellationToken ct) =>
        AccountAttemptAudit.RecordAsync(db, action, name, client, userId, Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier, ct);
}
