using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Calendar;
using Approvals.Domain.Cases;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.ExtendCase;

/// <summary>
/// A supervisor extends the whole case's time limit once (45 → 60 working days by default), with a
/// recorded reason (行政许可法第四十二条).
/// </summary>
[RequiresRole(Roles.Supervisor, Roles.Administrator, RefusalZh = "只有督办人员可以延长办理期限", RefusalEn = "Only supervisors may extend the time limit")]
public sealed record ExtendCaseCommand(Guid CaseId, string Reason) : ICommand<DateOnly>;

public sealed class ExtendCaseValidator : AbstractValidator<ExtendCaseCommand>
{
    public ExtendCaseValidator() =>
        RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r) && r.Length <= 1000)
            .WithMessage(_ => Bilingual.Text("延期须写明理由（不超过 1000 字）", "An extension needs a reason (at most 1,000 characters)"));
}

public sealed class ExtendCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock, Workflows.WorkflowHost workflows)
    : ICommandHandler<ExtendCaseCommand, DateOnly>
{
    public async ValueTask<DateOnly> Handle(ExtendCaseCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var visible = await CaseAccess.FindVisibleAsync(db, actor, command.CaseId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Queue behind any workflow step of this case (the spatial check, a review) rather than collide with it.
        await workflows.LockInstanceAsync(visible.WorkflowInstanceId, ct);
        var c = await db.Set<Case>().SingleAsync(x => x.Id == visible.Id, ct);
        var pauses = (await db.Set<CasePause>().AsNoTracking().Where(p => p.CaseId == c.Id).ToListAsync(ct))
            .Select(p => new ClockPause(LocalDate.Of(p.From), p.To is { } to ? LocalDate.Of(to) : null, p.Reason)).ToList();
        var due = c.Extend(command.Reason, accepted => rules.Calendar.AddWorkingDays(accepted, rules.TimeLimits.WholeCaseWith(1), pauses));
        CaseTimeline.Record(db, c.Id, clock.GetUtcNow(), actor.Name, "extended",
            $"办理期限延长 {rules.TimeLimits.Extension.Days} 个工作日，至 {c.DueOn:yyyy-MM-dd}",
            $"Time limit extended by {rules.TimeLimits.Extension.Days} working days, to {c.DueOn:yyyy-MM-dd}", opinion: c.ExtensionReason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due;
    }
}
