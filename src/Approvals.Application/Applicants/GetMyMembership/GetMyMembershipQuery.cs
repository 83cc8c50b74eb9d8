using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.GetMyMembership;

/// <summary>
/// Where the signed-in applicant stands: a member (with the organisation's name), waiting for their request
/// to join (nothing about the organisation but the code they gave), or neither (their request was rejected).
/// </summary>
[RequiresRole(Roles.Applicant, RefusalZh = "只有申请人属于某个单位", RefusalEn = "Only applicants belong to an organisation")]
public sealed record GetMyMembershipQuery : IQuery<MyMembership>;

public sealed record MyMembership(MembershipState State, Guid? OrganisationId, string? OrganisationName, MyMembershipRequest? LatestRequest);

/// <param name="CreditCode">The code the requester gave themselves.</param>
public sealed record MyMembershipRequest(MembershipRequestStatus Status, string CreditCode, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? Reason);

public sealed class GetMyMembershipHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<GetMyMembershipQuery, MyMembership>
{
    public async ValueTask<MyMembership> Handle(GetMyMembershipQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var userId = actor.UserId!.Value; // [RequiresRole] lets only signed-in users through
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(ct);
        if (organisationId is { } id)
        {
            var name = await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(ct);
            return new MyMembership(MembershipState.Member, id, name, null);
        }
        var latest = await (
            from r in db.Set<MembershipRequest>().AsNoTracking()
            join o in db.Organisations on r.OrganisationId equals o.Id
            where r.UserId == userId
            orderby r.RequestedAt descending
            select new MyMembershipRequest(r.Status, o.CreditCode, r.RequestedAt, r.DecidedAt, r.Reason)).FirstOrDefaultAsync(ct);
        return new MyMembership(latest?.Status == MembershipRequestStatus.Pending ? MembershipState.Pending : MembershipState.None, null, null, latest);
    }
}
