using Approvals.Application.Configuration;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.Avoidance;
using Approvals.Domain.Jurisdictions;
using Approvals.Spatial.Boundaries;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.SuggestDraftAvoidance;

/// <summary>
/// A draft's pre-check with avoidance suggestions, for the draft's organisation only (<see cref="DraftAccess"/>): the clear
/// part per parcel of its boundary and nearby sites within its county, judged with its uses.
/// </summary>
public sealed record SuggestDraftAvoidanceQuery(Guid DraftId) : IQuery<AvoidanceReport>;

public sealed class SuggestDraftAvoidanceHandler(ApprovalsDbContext db, ProvinceRules rules, ApprovalsOptions options, ActorAccessor actor, BoundaryReader reader)
    : IQueryHandler<SuggestDraftAvoidanceQuery, AvoidanceReport>
{
    public async ValueTask<AvoidanceReport> Handle(SuggestDraftAvoidanceQuery query, CancellationToken ct)
    {
        var draft = await DraftAccess.FindOwnAsync(db, actor.Current, query.DraftId, ct);
        var check = draft.SpatialCheckId is { } checkId ? await db.SpatialChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == checkId, ct) : null;
        if (!draft.BoundaryComplete || check is null)
            throw new ConflictException(Bilingual.Text("该草稿还没有红线：请先上传或绘制红线", "This draft has no boundary yet: upload or draw one first"));
        var boundary = DraftPreCheck.Read(reader, draft.BoundaryFile!, draft.BoundaryFileName, draft.BoundarySrid);
        var parcels = boundary.Parcels.Select(p => new AvoidanceParcel(p.Number, p.Name, p.Geometry)).ToList();
        var uses = draft.Uses.Select(u => u.ToUseRequest(draft.DeclaredApprovalLevel ?? JurisdictionLevel.County, draft.NationalKeyProject)).ToList();
        var avoidance = await AvoidanceSearch.SuggestAsync(db, rules, options.Avoidance, check.Boundary, parcels, uses, draft.CountyCode, ct);
        return new AvoidanceReport(AvoidanceSuggestions.AddTo(check.Report, avoidance), avoidance);
    }
}
