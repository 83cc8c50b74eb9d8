using Approvals.Application.Cases;
using Approvals.Application.Drafts;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks;
using Approvals.Domain.Documents;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Attachments;

/// <summary>One item of the checklist, ticked when a document of one of its types is attached.</summary>
/// <param name="Name">The item (e.g. 使用林地可行性报告或使用林地现状调查表).</param>
/// <param name="Types">The types that satisfy it.</param>
/// <param name="Present">True when one of the attached documents has one of those types.</param>
/// <param name="FileNames">The attached documents that satisfy it.</param>
public sealed record ChecklistItem(BilingualText Name, IReadOnlyList<DocumentType> Types, bool Present, IReadOnlyList<string> FileNames);

/// <summary>The required materials of one draft or case and whether each is attached.</summary>
public sealed record DocumentChecklist(IReadOnlyList<ChecklistItem> Items)
{
    public bool Complete => Items.All(i => i.Present);
    public IReadOnlyList<ChecklistItem> Missing => Items.Where(i => !i.Present).ToList();

    /// <summary>
    /// The checklist of a draft (its uses and its pre-check's hits) or a case (its uses and its own spatial check's hits,
    /// or the pre-check it was submitted with until that check has run), against the documents attached to it.
    /// </summary>
    internal static async Task<DocumentChecklist> BuildAsync(ApprovalsDbContext db, RequiredDocuments rules, Guid? draftId, Guid? caseId, CancellationToken ct)
    {
        IReadOnlyCollection<UseType> uses;
        string? report;
        if (caseId is { } c)
        {
            var row = await db.Set<Case>().AsNoTracking().Where(x => x.Id == c).Select(x => new { x.Uses, x.SpatialReport }).SingleAsync(ct);
            uses = row.Uses.Select(u => u.Type).ToHashSet();
            report = row.SpatialReport ?? await db.SpatialChecks.AsNoTracking().Where(s => s.CaseId == c)
                .OrderByDescending(s => s.CreatedAt).Select(s => s.Report).FirstOrDefaultAsync(ct);
        }
        else
        {
            var row = await db.Set<Draft>().AsNoTracking().Where(x => x.Id == draftId).Select(x => new { x.Uses, x.SpatialCheckId }).SingleAsync(ct);
            uses = row.Uses.Select(u => u.Type).ToHashSet();
            report = row.SpatialCheckId is { } check
                ? await db.SpatialChecks.AsNoTracking().Where(s => s.Id == check).Select(s => s.Report).SingleOrDefaultAsync(ct)
                : null;
        }
        var hits = report is null ? [] : ComparisonReport.FromJson(report).Categories
            .Where(x => x.Status == CategoryStatus.Intersects).Select(x => x.Code).ToHashSet();

        var attached = await db.Set<Attachment>().AsNoTracking()
            .Where(a => caseId != null ? a.CaseId == caseId : a.DraftId == draftId)
            .OrderBy(a => a.UploadedAt)
            .Select(a => new { a.FileName, a.DocumentType })
            .ToListAsync(ct);
        return new DocumentChecklist(rules.For(uses, hits).Select(r =>
        {
            var files = attached.Where(a => r.IsSatisfiedBy([a.DocumentType])).Select(a => a.FileName).ToList();
            return new ChecklistItem(r.Name, r.AnyOf, files.Count > 0, files);
        }).ToList());
    }
}
