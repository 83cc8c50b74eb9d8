using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Approvals.Domain.Cases;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.WithdrawCase;

/// <summary>The applicant withdraws the application, with a reason, at any time before the decision.</summary>
[RequiresRole(Roles.Applicant, RefusalZh = "只有申请人可以撤回申请", RefusalEn = "Only the applicant may withdraw")]
public sealed record WithdrawCaseCommand(Guid CaseId, string Reason) : ICommand<CaseStatus>;

public sealed class WithdrawCaseValidator : AbstractValidator<WithdrawCaseCommand>
{
    public WithdrawCaseValidator() =>
        RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r) && r.Length <= 1000)
            .WithMessage(_ => Bilingual.Text("请填写撤回理由（不超过 1000 字）", "Give the reason for withdrawing (at most 1000 characters)"));
}

public sealed class WithdrawCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, WorkflowHost workflows, TimeProvider clock)
    : ICommandHandler<WithdrawCaseCommand, CaseStatus>
{
    public async ValueTask<CaseStatus> Handle(WithdrawCaseCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await CaseAccess.FindVisibleAsync(db, actor, command.CaseId, ct, track: true);
        // The lock on the workflow instance orders this against a decision being issued at the same moment.
        await workflows.CancelAsync(c.WorkflowInstanceId, command.Reason, actor.Name, ct);
        await db.Entry(c).ReloadAsync(ct);
        var now = clock.GetUtcNow();
        c.Withdraw(command.Reason, now);
        foreach (var pause in await db.Set<CasePause>().Where(p => p.CaseId == c.Id && p.To == null).ToListAsync(ct)) pause.To = now;
        CaseTimeline.Record(db, c.Id, now, actor.Name, "withdrawn", "申请人撤回申请", "The applicant withdrew the application", opinion: c.WithdrawalReason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return c.Status;
    }
}
