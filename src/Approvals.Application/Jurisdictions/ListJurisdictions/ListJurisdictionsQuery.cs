using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Jurisdictions.ListJurisdictions;

/// <summary>The jurisdictions the caller may see (all of them for applicants, who apply anywhere).</summary>
public sealed record ListJurisdictionsQuery : IQuery<IReadOnlyList<JurisdictionView>>;

public sealed record JurisdictionView(string Code, string Name, string NameEn, string Level, string? ParentCode);

public sealed class ListJurisdictionsHandler(ApprovalsDbContext db, ActorAccessor actor)
    : IQueryHandler<ListJurisdictionsQuery, IReadOnlyList<JurisdictionView>>
{
    public async ValueTask<IReadOnlyList<JurisdictionView>> Handle(ListJurisdictionsQuery query, CancellationToken ct)
    {
        var who = actor.Current;
        // Applicants choose the county their project lies in, so they see the whole list.
        var scope = who.IsInRole(Roles.Applicant) ? JurisdictionScope.Everything : who.Jurisdictions;
        var rows = await db.Jurisdictions.AsNoTracking()
            .Where(scope.Covering<Domain.Jurisdictions.Jurisdiction>(j => j.Code))
            .OrderBy(j => j.Code)
            .ToListAsync(ct);
        return rows.Select(j => new JurisdictionView(j.Code, j.Name, j.NameEn, j.Level.ToString(), j.ParentCode)).ToList();
    }
}
