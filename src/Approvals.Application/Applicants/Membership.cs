using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants;

/// <summary>Where an applicant stands with an organisation.</summary>
public enum MembershipState
{
    /// <summary>Belongs to an organisation and sees its applications.</summary>
    Member,
    /// <summary>Has asked to join; sees nothing of the organisation until a member or an administrator approves.</summary>
    Pending,
    /// <summary>Belongs to no organisation and has no open request (e.g. it was rejected).</summary>
    None,
}

/// <summary>
/// Who belongs to an organisation and who decides about it. Membership is <see cref="ApprovalsUser.OrganisationId"/>,
/// carried into the session as the organisation claim (<see cref="Actor.OrganisationId"/>), which is what every
/// draft, case and document check reads; it is granted only by the first registration of a credit code, an
/// invitation, or an approved request, never by knowing the code.
/// </summary>
public static class Membership
{
    public static bool IsMemberOf(this Actor actor, Guid organisationId) =>
        actor.IsInRole(Roles.Applicant) && actor.OrganisationId == organisationId;

    /// <summary>Members of the organisation and administrators approve or reject its requests and revoke its invitations.</summary>
    public static bool MayDecideFor(this Actor actor, Guid organisationId) =>
        actor.IsSystem || actor.IsInRole(Roles.Administrator) || actor.IsMemberOf(organisationId);

    /// <summary>The organisation of a signed-in member, or a refusal for everybody else.</summary>
    public static Guid OwnOrganisation(this Actor actor) =>
        actor.IsInRole(Roles.Applicant) && actor.OrganisationId is { } organisation
            ? organisation
            : throw new ForbiddenException(Bilingual.Text("只有单位成员可以管理本单位的成员和邀请", "Only members of an organisation manage its members and invitations"));

    /// <summary>
    /// Puts an existing applicant into the organisation (under a lock on the user's row, so an approval and an
    /// invitation cannot both place them) and closes their other open requests. The caller saves and commits.
    /// </summary>
    public static async Task<ApprovalsUser> JoinAsync(ApprovalsDbContext db, Guid userId, Guid organisationId, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", ct);
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (user.OrganisationId is not null)
            throw new ConflictException(user.OrganisationId == organisationId
                ? Bilingual.Text("该用户已是本单位成员", "This person is already a member of the organisation")
                : Bilingual.Text("该用户已属于另一个单位", "This person already belongs to another organisation"));
        user.OrganisationId = organisationId;
        // The session picks the organisation up at its next request (see the web host's cookie validation),
        // so the security stamp stays: changing it would sign the person out instead.
        var open = await db.Set<MembershipRequest>().Where(r => r.UserId == userId && r.Status == MembershipRequestStatus.Pending).ToListAsync(ct);
        foreach (var request in open) request.Supersede(now);
        return user;
    }
}
