using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.AcceptInvitation;

/// <summary>
/// A signed-in applicant who belongs to no organisation yet (for instance one whose request to join still
/// waits) joins the organisation that invited them; any request they had open is closed.
/// </summary>
[RequiresRole(Roles.Applicant, RefusalZh = "只有申请人可以接受单位邀请", RefusalEn = "Only applicants accept an organisation's invitation")]
public sealed record AcceptInvitationCommand(string Token) : ICommand<JoinedOrganisation>;

public sealed record JoinedOrganisation(Guid OrganisationId, string OrganisationName);

public sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationCommand>
{
    public AcceptInvitationValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(100).WithMessage(_ => OrganisationInvitation.Unknown);
    }
}

public sealed class AcceptInvitationHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock)
    : ICommandHandler<AcceptInvitationCommand, JoinedOrganisation>
{
    public async ValueTask<JoinedOrganisation> Handle(AcceptInvitationCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var userId = actor.UserId!.Value; // [RequiresRole] lets only signed-in users through

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var invitation = await OrganisationInvitation.FindForUpdateAsync(db, command.Token, ct);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
        var refusal = invitation is null ? OrganisationInvitation.Unknown : invitation.RefusalFor(email, now);
        if (refusal is not null) throw new ValidationException([new ValidationFailure(nameof(command.Token), refusal)]);

        await Membership.JoinAsync(db, userId, invitation!.OrganisationId, now, ct);
        invitation.Accept(userId, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var name = await db.Organisations.Where(o => o.Id == invitation.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        return new JoinedOrganisation(invitation.OrganisationId, name);
    }
}
