using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.Applicants.InviteMember;

/// <summary>
/// A member invites someone to join their organisation, optionally only the holder of one email address.
/// The token comes back once, to be sent as the link <c>/account/register?invitation=…</c>; only its hash is kept.
/// </summary>
public sealed record InviteMemberCommand(string? Email = null) : ICommand<CreatedInvitation>;

/// <param name="Token">The secret of the link; it cannot be shown again.</param>
public sealed record CreatedInvitation(Guid Id, string Token, string? Email, DateTimeOffset ExpiresAt);

public sealed class InviteMemberValidator : AbstractValidator<InviteMemberCommand>
{
    public InviteMemberValidator()
    {
        RuleFor(c => c.Email).EmailAddress().MaximumLength(256).When(c => !string.IsNullOrWhiteSpace(c.Email))
            .WithMessage(_ => Bilingual.Text("电子邮箱格式不正确", "This is not a valid email address"));
    }
}

public sealed class InviteMemberHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock, IConfiguration configuration)
    : ICommandHandler<InviteMemberCommand, CreatedInvitation>
{
    public async ValueTask<CreatedInvitation> Handle(InviteMemberCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var organisation = actor.OwnOrganisation();
        var now = clock.GetUtcNow();
        var token = OrganisationInvitation.NewToken();
        var invitation = new OrganisationInvitation
        {
            Id = Guid.CreateVersion7(), OrganisationId = organisation, TokenHash = OrganisationInvitation.HashOf(token),
            Email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim(),
            CreatedAt = now, CreatedById = actor.UserId!.Value, CreatedByName = actor.Name,
            ExpiresAt = now + OrganisationInvitation.Lifetime(configuration),
        };
        db.Set<OrganisationInvitation>().Add(invitation);
        await db.SaveChangesAsync(ct);
        return new CreatedInvitation(invitation.Id, token, invitation.Email, invitation.ExpiresAt);
    }
}
