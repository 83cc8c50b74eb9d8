using Approvals.Application.Attachments;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.GetDraft;

/// <summary>One of my organisation's drafts, with its pre-check report when it has a boundary.</summary>
public sealed record GetDraftQuery(Guid DraftId) : IQuery<DraftView>;

public sealed record DraftView(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? CountyCode, string? CountyName,
    string? ProjectName, string? ProjectCode, string? ProjectOwner, string? ProjectType,
    JurisdictionLevel? DeclaredApprovalLevel, NationalKeyProjectKind? NationalKeyProject, bool InfrastructurePublicOrDefence,
    IReadOnlyList<CaseUse> Uses, string? BoundaryFileName, double? BoundaryAreaM2, Guid? SpatialCheckId, ComparisonReport? Report,
    bool ProjectComplete, bool UsesComplete, bool BoundaryComplete, Guid? CaseId, string? CaseNumber, DocumentChecklist Documents)
{
    public bool IsSubmitted => CaseId is not null;
    /// <summary>Every required material is attached (the checklist of <c>workflows/required-documents.json</c>).</summary>
    public bool DocumentsComplete => Documents.Complete;
    public bool ReadyToSubmit => ProjectComplete && UsesComplete && BoundaryComplete && DocumentsComplete;
}

public sealed class GetDraftHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules) : IQueryHandler<GetDraftQuery, DraftView>
{
    public async ValueTask<DraftView> Handle(GetDraftQuery query, CancellationToken ct)
    {
        var d = await DraftAccess.FindOwnAsync(db, actorAccessor.Current, query.DraftId, ct);
        var countyName = d.CountyCode is null ? null : await db.Jurisdictions.Where(j => j.Code == d.CountyCode).Select(j => j.Name).SingleOrDefaultAsync(ct);
        var report = d.SpatialCheckId is { } checkId
            ? await db.SpatialChecks.AsNoTracking().Where(c => c.Id == checkId).Select(c => c.Report).SingleOrDefaultAsync(ct)
            : null;
        var caseNumber = d.CaseId is { } caseId ? await db.Set<Case>().Where(c => c.Id == caseId).Select(c => c.Number).SingleAsync(ct) : null;
        return new DraftView(d.Id, d.CreatedAt, d.UpdatedAt, d.CountyCode, countyName, d.ProjectName, d.ProjectCode, d.ProjectOwner, d.ProjectType,
            d.DeclaredApprovalLevel, d.NationalKeyProject, d.InfrastructurePublicOrDefence, d.Uses, d.BoundaryFileName, d.BoundaryAreaM2,
            d.SpatialCheckId, report is null ? null : ComparisonReport.FromJson(report),
            d.ProjectComplete, d.UsesComplete, d.BoundaryComplete, d.CaseId, caseNumber,
            await DocumentChecklist.BuildAsync(db, rules.RequiredDocuments, d.CaseId is null ? d.Id : null, d.CaseId, ct));
    }
}
