using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.ListOrganisationMembers;

/// <summary>The caller's own organisation and the people who belong to it (members only).</summary>
public sealed record ListOrganisationMembersQuery : IQuery<OrganisationMembers>;

public sealed record OrganisationMembers(Guid Id, string Name, string CreditCode, IReadOnlyList<OrganisationMember> Members);

public sealed record OrganisationMember(Guid UserId, string DisplayName, string? Email, string? Phone, DateTimeOffset RegisteredAt);

public sealed class ListOrganisationMembersHandler(ApprovalsDbContext db, ActorAccessor actorAccessor)
    : IQueryHandler<ListOrganisationMembersQuery, OrganisationMembers>
{
    public async ValueTask<OrganisationMembers> Handle(ListOrganisationMembersQuery query, CancellationToken ct)
    {
        var id = actorAccessor.Current.OwnOrganisation();
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == id, ct);
        var members = await db.Users.AsNoTracking().Where(u => u.OrganisationId == id).OrderBy(u => u.CreatedAt)
            .Select(u => new OrganisationMember(u.Id, u.DisplayName, u.Email, u.PhoneNumber, u.CreatedAt)).ToListAsync(ct);
        return new OrganisationMembers(organisation.Id, organisation.Name, organisation.CreditCode, members);
    }
}
