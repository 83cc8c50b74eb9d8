using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;

namespace Approvals.Application.Drafts.StartDraft;

/// <summary>An applicant starts a new application; it is kept as a draft of its organisation until submitted.</summary>
public sealed record StartDraftCommand : ICommand<Guid>;

public sealed class StartDraftHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<StartDraftCommand, Guid>
{
    public async ValueTask<Guid> Handle(StartDraftCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsInRole(Roles.Applicant) || actor.OrganisationId is null || actor.UserId is null)
            throw new ForbiddenException(Bilingual.Text("只有申请人可以填写申请", "Only applicants prepare applications"));
        var now = clock.GetUtcNow();
        var draft = new Draft { Id = Guid.CreateVersion7(), OrganisationId = actor.OrganisationId.Value, CreatedById = actor.UserId.Value, CreatedAt = now, UpdatedAt = now };
        db.Set<Draft>().Add(draft);
        await db.SaveChangesAsync(ct);
        return draft.Id;
    }
}
