using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.StartDraft;

/// <summary>An applicant starts a new application; it is kept as a draft of its organisation until submitted. The 建设单位 starts as the organisation's name.</summary>
public sealed record StartDraftCommand : ICommand<Guid>;

public sealed class StartDraftHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<StartDraftCommand, Guid>
{
    public async ValueTask<Guid> Handle(StartDraftCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsInRole(Roles.Applicant) || actor.OrganisationId is null || actor.UserId is null)
            throw new ForbiddenException(Bilingual.Text("只有申请人可以填写申请", "Only applicants prepare applications"));
        var now = clock.GetUtcNow();
        // The applying organisation is usually the 建设单位 itself: offered as the first guess, which the applicant may change.
        var owner = await db.Set<Organisation>().Where(o => o.Id == actor.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(ct);
        var draft = new Draft
        {
            Id = Guid.CreateVersion7(), OrganisationId = actor.OrganisationId.Value, CreatedById = actor.UserId.Value, CreatedAt = now, UpdatedAt = now,
            ProjectOwner = owner,
        };
        db.Set<Draft>().Add(draft);
        await db.SaveChangesAsync(ct);
        return draft.Id;
    }
}
