using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.UseTypes;
using FluentValidation;
using Mediator;

namespace Approvals.Application.Drafts.SaveDraftUses;

/// <summary>
/// Step 2: the uses requested, each with the facts its rules need (the same as a submitted case's). When
/// the draft already has a boundary its pre-check runs again, since the uses change the routing.
/// </summary>
public sealed record SaveDraftUsesCommand(Guid DraftId, IReadOnlyList<CaseUse> Uses) : ICommand<Guid>;

public sealed class SaveDraftUsesValidator : AbstractValidator<SaveDraftUsesCommand>
{
    public SaveDraftUsesValidator()
    {
        RuleFor(c => c.Uses).AreValidUses();
        RuleForEach(c => c.Uses).ChildRules(ApplicationRules.EachUse);
    }
}

public sealed class SaveDraftUsesHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock, IMediator mediator, Approvals.Spatial.Boundaries.BoundaryReader reader)
    : ICommandHandler<SaveDraftUsesCommand, Guid>
{
    public async ValueTask<Guid> Handle(SaveDraftUsesCommand command, CancellationToken ct)
    {
        // The pre-check saves its own record through this context; one transaction keeps the draft and its check together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var draft = await DraftAccess.FindEditableAsync(db, actorAccessor.Current, command.DraftId, ct);
        draft.Uses = CaseUse.Normalize(command.Uses);
        draft.UpdatedAt = clock.GetUtcNow();
        if (draft.BoundaryComplete) await DraftPreCheck.RunAsync(db, mediator, reader, draft, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return draft.Id;
    }
}
