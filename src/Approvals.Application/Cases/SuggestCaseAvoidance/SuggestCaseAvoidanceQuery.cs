using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.Avoidance;
using Mediator;

namespace Approvals.Application.Cases.SuggestCaseAvoidance;

/// <summary>
/// A case's spatial report with avoidance suggestions, for whoever may see the case (<see cref="CaseAccess"/>): reviewers
/// use them to ask the applicant for a precise correction.
/// </summary>
public sealed record SuggestCaseAvoidanceQuery(Guid CaseId) : IQuery<AvoidanceReport>;

public sealed class SuggestCaseAvoidanceHandler(ApprovalsDbContext db, ProvinceRules rules, ApprovalsOptions options, ActorAccessor actor)
    : IQueryHandler<SuggestCaseAvoidanceQuery, AvoidanceReport>
{
    public async ValueTask<AvoidanceReport> Handle(SuggestCaseAvoidanceQuery query, CancellationToken ct)
    {
        var c = await CaseAccess.FindVisibleAsync(db, actor.Current, query.CaseId, ct);
        var reportJson = c.SpatialReport ?? "{}";
        var report = c.SpatialReport is null ? null : ComparisonReport.FromJson(c.SpatialReport);
        var uses = c.Uses.Select(u => u.ToUseRequest(c.DeclaredApprovalLevel, c.NationalKeyProject)).ToList();
        var parcels = AvoidanceSearch.ParcelsOf(c.Boundary, report);
        var avoidance = await AvoidanceSearch.SuggestAsync(db, rules, options.Avoidance, c.Boundary, parcels, uses, c.CountyCode, ct);
        return new AvoidanceReport(AvoidanceSuggestions.AddTo(reportJson, avoidance), avoidance);
    }
}
