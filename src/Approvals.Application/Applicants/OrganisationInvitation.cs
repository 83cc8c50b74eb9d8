using System.Security.Cryptography;
using System.Text;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.Applicants;

/// <summary>
/// A member's invitation to join their organisation, optionally for one email address. The link carries
/// a random token that is shown once; only its SHA-256 hash is stored, so neither the database nor the
/// audit trail holds a usable link. It is used once, and not after it expires or is revoked.
/// </summary>
public sealed class OrganisationInvitation
{
    /// <summary>How long an invitation stays open unless <c>Approvals:InvitationLifetime</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";
    /// <summary>When set, only a person with this email address may use the invitation.</summary>
    public string? Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedById { get; set; }
    public string CreatedByName { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedById { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedById { get; set; }

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;

    /// <summary><c>Approvals:InvitationLifetime</c> as a time span ("3" is three days, "0.12:00:00" twelve hours).</summary>
    public static TimeSpan Lifetime(IConfiguration configuration) => Configuration.ApprovalsOptions.ReadInvitationLifetime(configuration);

    /// <summary>32 random bytes, URL-safe.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));

    /// <summary>
    /// The invitation a token belongs to, its row locked for the caller's transaction so that two people
    /// using the same link one after the other find it used; null when no invitation has this token.
    /// </summary>
    public static async Task<OrganisationInvitation?> FindForUpdateAsync(ApprovalsDbContext db, string token, CancellationToken ct)
    {
        var hash = HashOf(token);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM organisation_invitations WHERE token_hash = {hash} FOR UPDATE", ct);
        return await db.Set<OrganisationInvitation>().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
    }

    /// <summary>Why <paramref name="email"/> may not use this invitation now, or null when they may.</summary>
    public string? RefusalFor(string? email, DateTimeOffset now) =>
        AcceptedAt is not null ? Bilingual.Text("该邀请链接已被使用，每个链接只能使用一次；请向邀请人索取新的链接",
                "This invitation link has been used already; each link works once, so ask for a new one")
        : RevokedAt is not null ? Bilingual.Text("该邀请已被撤销，请向邀请人索取新的链接", "This invitation has been revoked; ask for a new link")
        : ExpiresAt <= now ? Bilingual.Text("该邀请链接已过期，请向邀请人索取新的链接", "This invitation link has expired; ask for a new one")
        : Email is not null && !string.Equals(Email, email?.Trim(), StringComparison.OrdinalIgnoreCase)
            ? Bilingual.Text("该邀请只发给了另一个电子邮箱，请使用受邀的电子邮箱", "This invitation is for another email address; use the address it was sent to")
        : null;

    public static string Unknown => Bilingual.Text("邀请链接无效，请核对链接或向邀请人索取新的链接", "This invitation link is not valid; check it or ask for a new one");

    public void Accept(Guid userId, DateTimeOffset now)
    {
        AcceptedAt = now;
        AcceptedById = userId;
    }
}
