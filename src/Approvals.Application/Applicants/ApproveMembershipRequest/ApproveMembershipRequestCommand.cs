using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.ApproveMembershipRequest;

/// <summary>
/// A member of the organisation, or an administrator, lets a requester in: from their next request the
/// requester sees the organisation's drafts, cases and documents.
/// </summary>
public sealed record ApproveMembershipRequestCommand(Guid RequestId) : ICommand<MembershipDecision>;

public sealed class ApproveMembershipRequestValidator : AbstractValidator<ApproveMembershipRequestCommand>
{
    public ApproveMembershipRequestValidator()
    {
        RuleFor(c => c.RequestId).NotEmpty().WithMessage(_ => Bilingual.Text("请指明要处理的加入申请", "Say which request to join is meant"));
    }
}

public sealed class ApproveMembershipRequestHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock)
    : ICommandHandler<ApproveMembershipRequestCommand, MembershipDecision>
{
    public async ValueTask<MembershipDecision> Handle(ApproveMembershipRequestCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await MembershipRequest.FindDecidableAsync(db, actor, command.RequestId, ct);
        var now = clock.GetUtcNow();
        request.Approve(actor, now);
        await Membership.JoinAsync(db, request.UserId, request.OrganisationId, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new MembershipDecision(request.Id, request.UserId, request.Status);
    }
}
