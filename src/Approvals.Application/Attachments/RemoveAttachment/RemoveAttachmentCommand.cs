using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Attachments.RemoveAttachment;

/// <summary>The applicant removes a document from a draft, or from its case before the decision.</summary>
public sealed record RemoveAttachmentCommand(Guid AttachmentId) : ICommand<bool>;

public sealed class RemoveAttachmentHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : ICommandHandler<RemoveAttachmentCommand, bool>
{
    public async ValueTask<bool> Handle(RemoveAttachmentCommand command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var attachment = await db.Set<Attachment>().SingleOrDefaultAsync(a => a.Id == command.AttachmentId, ct)
            ?? throw new NotFoundException(Bilingual.Text("未找到该附件", "No such attachment"));
        await AttachmentOwner.LockWritableAsync(db, actorAccessor.Current, attachment.DraftId, attachment.CaseId, ct);
        db.Set<Attachment>().Remove(attachment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
