using Approvals.Application.Configuration;
using Approvals.Application.Drafts;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.GetBoundaryConflicts;

/// <summary>
/// The cases whose land a checked boundary overlaps (a draft's pre-check, or any check the caller may read), as the
/// caller may see them. The check's own case is left out: a draft that became a case, or the case the check was run
/// for, does not conflict with itself.
/// </summary>
public sealed record GetBoundaryConflictsQuery(Guid SpatialCheckId) : IQuery<IReadOnlyList<CaseConflictView>>;

public sealed class GetBoundaryConflictsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ApprovalsOptions options, TimeProvider clock)
    : IQueryHandler<GetBoundaryConflictsQuery, IReadOnlyList<CaseConflictView>>
{
    public async ValueTask<IReadOnlyList<CaseConflictView>> Handle(GetBoundaryConflictsQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var check = await SpatialCheckAccess.FindAsync(db, actor, query.SpatialCheckId, ct);
        var ownCase = check.CaseId ?? await db.Set<Draft>().AsNoTracking().Where(d => d.SpatialCheckId == check.Id)
            .Select(d => d.CaseId).FirstOrDefaultAsync(ct);
        return BoundaryConflicts.ViewFor(actor, await BoundaryConflicts.FindAsync(db, check.Boundary, ownCase, options, clock.GetUtcNow(), ct));
    }
}
