using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;

namespace Approvals.Application.Applicants.RejectMembershipRequest;

/// <summary>
/// A member of the organisation, or an administrator, turns a requester away, optionally saying why; the
/// requester keeps an account that sees nothing, and may still be invited.
/// </summary>
public sealed record RejectMembershipRequestCommand(Guid RequestId, string? Reason = null) : ICommand<MembershipDecision>;

public sealed class RejectMembershipRequestValidator : AbstractValidator<RejectMembershipRequestCommand>
{
    public RejectMembershipRequestValidator()
    {
        RuleFor(c => c.RequestId).NotEmpty().WithMessage(_ => Bilingual.Text("请指明要处理的加入申请", "Say which request to join is meant"));
        RuleFor(c => c.Reason).MaximumLength(500).WithMessage(_ => Bilingual.Text("理由不能超过 500 个字", "The reason is limited to 500 characters"));
    }
}

public sealed class RejectMembershipRequestHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock)
    : ICommandHandler<RejectMembershipRequestCommand, MembershipDecision>
{
    public async ValueTask<MembershipDecision> Handle(RejectMembershipRequestCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await MembershipRequest.FindDecidableAsync(db, actor, command.RequestId, ct);
        request.Reject(actor, command.Reason, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new MembershipDecision(request.Id, request.UserId, request.Status);
    }
}
