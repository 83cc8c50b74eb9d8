using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.ListOrganisationInvitations;

/// <summary>The caller's organisation's invitations that can still be used (not used, revoked or expired), newest first.</summary>
public sealed record ListOrganisationInvitationsQuery : IQuery<IReadOnlyList<OpenInvitation>>;

public sealed record OpenInvitation(Guid Id, string? Email, string CreatedByName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed class ListOrganisationInvitationsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock)
    : IQueryHandler<ListOrganisationInvitationsQuery, IReadOnlyList<OpenInvitation>>
{
    public async ValueTask<IReadOnlyList<OpenInvitation>> Handle(ListOrganisationInvitationsQuery query, CancellationToken ct)
    {
        var organisation = actorAccessor.Current.OwnOrganisation();
        var now = clock.GetUtcNow();
        return await db.Set<OrganisationInvitation>().AsNoTracking()
            .Where(i => i.OrganisationId == organisation && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new OpenInvitation(i.Id, i.Email, i.CreatedByName, i.CreatedAt, i.ExpiresAt)).ToListAsync(ct);
    }
}
