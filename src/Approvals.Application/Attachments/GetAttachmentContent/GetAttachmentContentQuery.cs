using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Attachments.GetAttachmentContent;

/// <summary>
/// A document's bytes, for the applicant's organisation and the staff who may see its case; to
/// everybody else it does not exist.
/// </summary>
public sealed record GetAttachmentContentQuery(Guid AttachmentId) : IQuery<AttachmentFile>;

public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

public sealed class GetAttachmentContentHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, CaseReadAudit reads) : IQueryHandler<GetAttachmentContentQuery, AttachmentFile>
{
    public async ValueTask<AttachmentFile> Handle(GetAttachmentContentQuery query, CancellationToken ct)
    {
        var attachment = await db.Set<Attachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AttachmentId, ct)
            ?? throw new NotFoundException(Bilingual.Text("未找到该附件", "No such attachment"));
        var organisation = await AttachmentOwner.CheckReadableAsync(db, actorAccessor.Current, attachment.DraftId, attachment.CaseId, ct);
        if (attachment.CaseId is { } caseId) await reads.RecordAsync(caseId, organisation, "attachment", attachment.Id, ct);
        var content = await db.Set<AttachmentContent>().AsNoTracking().Where(c => c.AttachmentId == attachment.Id).Select(c => c.Content).SingleAsync(ct);
        return new AttachmentFile(attachment.FileName, attachment.ContentType, content);
    }
}
