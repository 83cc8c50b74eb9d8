using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.RevokeInvitation;

/// <summary>A member (or an administrator) withdraws an invitation that has not been used; its link stops working.</summary>
public sealed record RevokeInvitationCommand(Guid InvitationId) : ICommand;

public sealed class RevokeInvitationValidator : AbstractValidator<RevokeInvitationCommand>
{
    public RevokeInvitationValidator()
    {
        RuleFor(c => c.InvitationId).NotEmpty().WithMessage(_ => Bilingual.Text("请指明要撤销的邀请", "Say which invitation to revoke"));
    }
}

public sealed class RevokeInvitationHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<RevokeInvitationCommand>
{
    public async ValueTask<Unit> Handle(RevokeInvitationCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM organisation_invitations WHERE id = {command.InvitationId} FOR UPDATE", ct);
        var invitation = await db.Set<OrganisationInvitation>().SingleOrDefaultAsync(i => i.Id == command.InvitationId, ct);
        // Another organisation's invitations do not exist for the caller, so their ids cannot be probed.
        if (invitation is null || !actor.MayDecideFor(invitation.OrganisationId))
            throw new NotFoundException(Bilingual.Text("未找到该邀请", "No such invitation"));
        if (invitation.AcceptedAt is not null)
            throw new ConflictException(Bilingual.Text("该邀请已被使用，不能撤销", "This invitation has been used and cannot be revoked"));
        if (invitation.RevokedAt is null)
        {
            invitation.RevokedAt = clock.GetUtcNow();
            invitation.RevokedById = actor.UserId;
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Unit.Value;
    }
}
