using Approvals.Application.Errors;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.GetInvitation;

/// <summary>
/// What the holder of an invitation link is invited to, for the registration page: the organisation's name
/// while the link can be used, otherwise why it cannot. The token is the credential, so nobody else asks.
/// </summary>
public sealed record GetInvitationQuery(string Token) : IQuery<InvitationView>;

/// <param name="Refusal">Why the link cannot be used now (used, revoked, expired); null while it can.</param>
public sealed record InvitationView(string? OrganisationName, string? Email, DateTimeOffset ExpiresAt, string? Refusal);

public sealed class GetInvitationHandler(ApprovalsDbContext db, TimeProvider clock) : IQueryHandler<GetInvitationQuery, InvitationView>
{
    public async ValueTask<InvitationView> Handle(GetInvitationQuery query, CancellationToken ct)
    {
        var hash = string.IsNullOrWhiteSpace(query.Token) || query.Token.Length > 100 ? null : OrganisationInvitation.HashOf(query.Token);
        var invitation = hash is null ? null : await db.Set<OrganisationInvitation>().AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null) throw new NotFoundException(OrganisationInvitation.Unknown);
        var now = clock.GetUtcNow();
        // The address is not checked here: whoever opens the link types theirs on the form.
        var refusal = invitation.RefusalFor(invitation.Email, now);
        var name = refusal is null ? await db.Organisations.Where(o => o.Id == invitation.OrganisationId).Select(o => o.Name).SingleAsync(ct) : null;
        return new InvitationView(name, refusal is null ? invitation.Email : null, invitation.ExpiresAt, refusal);
    }
}
