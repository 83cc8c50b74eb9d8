using Approvals.Application.Cases;
using Approvals.Application.Configuration;
using Approvals.Application.Drafts;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks.Avoidance;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.SpatialChecks.SuggestCheckAvoidance;

/// <summary>
/// A stored spatial check's report with avoidance suggestions, for whoever may read the check (the spatial-check access
/// rule: a case's for those who may see the case, a draft's for its organisation, an ad-hoc one for its creator). The
/// project's uses are those the check was run with: its draft's or its case's; an ad-hoc check's, the default land use.
/// </summary>
public sealed record SuggestCheckAvoidanceQuery(Guid CheckId) : IQuery<AvoidanceReport>;

public sealed class SuggestCheckAvoidanceHandler(ApprovalsDbContext db, ProvinceRules rules, ApprovalsOptions options, ActorAccessor actor)
    : IQueryHandler<SuggestCheckAvoidanceQuery, AvoidanceReport>
{
    public async ValueTask<AvoidanceReport> Handle(SuggestCheckAvoidanceQuery query, CancellationToken ct)
    {
        var check = await SpatialCheckAccess.FindAsync(db, actor.Current, query.CheckId, ct);
        var report = ComparisonReport.FromJson(check.Report);
        IReadOnlyList<UseRequest>? uses = null;
        var county = report.County?.Code;
        var draft = await db.Set<Draft>().AsNoTracking().FirstOrDefaultAsync(d => d.SpatialCheckId == check.Id, ct);
        if (draft is not null)
        {
            uses = draft.Uses.Select(u => u.ToUseRequest(draft.DeclaredApprovalLevel ?? JurisdictionLevel.County, draft.NationalKeyProject)).ToList();
            county ??= draft.CountyCode;
        }
        else if (check.CaseId is { } caseId && await db.Set<Case>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct) is { } c)
        {
            uses = c.Uses.Select(u => u.ToUseRequest(c.DeclaredApprovalLevel, c.NationalKeyProject)).ToList();
            county ??= c.CountyCode;
        }
        var parcels = AvoidanceSearch.ParcelsOf(check.Boundary, report);
        var avoidance = await AvoidanceSearch.SuggestAsync(db, rules, options.Avoidance, check.Boundary, parcels, uses, county, ct);
        return new AvoidanceReport(AvoidanceSuggestions.AddTo(check.Report, avoidance), avoidance);
    }
}
