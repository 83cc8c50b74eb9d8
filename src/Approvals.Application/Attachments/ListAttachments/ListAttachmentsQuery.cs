using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Attachments.ListAttachments;

/// <summary>The documents of a draft or a case (without their bytes), for whoever may see it.</summary>
public sealed record ListAttachmentsQuery(Guid? DraftId, Guid? CaseId) : IQuery<IReadOnlyList<AttachmentView>>;

public sealed class ListAttachmentsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules) : IQueryHandler<ListAttachmentsQuery, IReadOnlyList<AttachmentView>>
{
    public async ValueTask<IReadOnlyList<AttachmentView>> Handle(ListAttachmentsQuery query, CancellationToken ct)
    {
        await AttachmentOwner.CheckReadableAsync(db, actorAccessor.Current, query.DraftId, query.CaseId, ct);
        var rows = await db.Set<Attachment>().AsNoTracking()
            .Where(a => query.CaseId != null ? a.CaseId == query.CaseId : a.DraftId == query.DraftId)
            .OrderBy(a => a.UploadedAt)
            .Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, a.UploadedAt, a.UploadedByName, a.DocumentType })
            .ToListAsync(ct);
        // A type the rules file no longer lists shows as "other" rather than failing the page.
        return rows.Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedAt, a.UploadedByName,
            rules.RequiredDocuments.Find(a.DocumentType))).ToList();
    }
}
