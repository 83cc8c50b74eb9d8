using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.ListMembershipRequests;

/// <summary>
/// The requests to join that wait for the caller's decision: a member sees their own organisation's,
/// an administrator every organisation's, oldest first.
/// </summary>
public sealed record ListMembershipRequestsQuery : IQuery<IReadOnlyList<PendingMembershipRequest>>;

/// <param name="GivenOrganisationName">The organisation's name as the requester typed it.</param>
public sealed record PendingMembershipRequest(
    Guid Id, Guid OrganisationId, string OrganisationName, string CreditCode, Guid UserId, string RequesterName,
    string? Email, string? Phone, string GivenOrganisationName, DateTimeOffset RequestedAt);

public sealed class ListMembershipRequestsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor)
    : IQueryHandler<ListMembershipRequestsQuery, IReadOnlyList<PendingMembershipRequest>>
{
    public async ValueTask<IReadOnlyList<PendingMembershipRequest>> Handle(ListMembershipRequestsQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var requests = db.Set<MembershipRequest>().AsNoTracking().Where(r => r.Status == MembershipRequestStatus.Pending);
        if (!actor.IsSystem && !actor.IsInRole(Roles.Administrator))
        {
            if (!actor.IsInRole(Roles.Applicant) || actor.OrganisationId is not { } own)
                throw new ForbiddenException(Bilingual.Text("只有单位成员和系统管理员可以处理加入申请", "Only members of an organisation and administrators decide requests to join"));
            requests = requests.Where(r => r.OrganisationId == own);
        }
        return await (
            from r in requests
            join o in db.Organisations on r.OrganisationId equals o.Id
            join u in db.Users on r.UserId equals u.Id
            orderby r.RequestedAt
            select new PendingMembershipRequest(r.Id, o.Id, o.Name, o.CreditCode, u.Id, u.DisplayName, u.Email, u.PhoneNumber, r.GivenOrganisationName, r.RequestedAt))
            .Take(500).ToListAsync(ct);
    }
}
