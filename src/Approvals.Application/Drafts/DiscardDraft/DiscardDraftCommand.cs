using Approvals.Application.Attachments;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.DiscardDraft;

/// <summary>
/// The applicant throws away a draft it no longer needs, with its documents and its pre-check. A submitted
/// draft stays: it is the record of where its case came from.
/// </summary>
public sealed record DiscardDraftCommand(Guid DraftId) : ICommand<Guid>;

public sealed class DiscardDraftValidator : AbstractValidator<DiscardDraftCommand>
{
    public DiscardDraftValidator()
    {
        RuleFor(c => c.DraftId).NotEmpty()
            .WithMessage(_ => Bilingual.Text("请指明要删除的草稿", "Say which draft to discard"));
    }
}

public sealed class DiscardDraftHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : ICommandHandler<DiscardDraftCommand, Guid>
{
    public async ValueTask<Guid> Handle(DiscardDraftCommand command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The same row lock as submission: a discard and a submission of one draft happen one after the other,
        // so a draft is never both discarded and turned into a case.
        await DraftAccess.LockAsync(db, command.DraftId, ct);
        var draft = await DraftAccess.FindEditableAsync(db, actorAccessor.Current, command.DraftId, ct);

        // Its documents go with it (their content rows cascade); its pre-check was only ever the applicant's.
        db.Set<Attachment>().RemoveRange(await db.Set<Attachment>().Where(a => a.DraftId == draft.Id).ToListAsync(ct));
        if (draft.SpatialCheckId is { } checkId) await DraftPreCheck.ForgetAsync(db, checkId, ct);
        db.Remove(draft);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return draft.Id;
    }
}
