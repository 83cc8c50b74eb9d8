using System.Text.Json;
using Approvals.Domain.Routing;
using Approvals.Application.Cases;
using Approvals.Application.Decisions;
using Approvals.Application.Rules;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Cases;
using Approvals.Domain.Naming;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks.CompleteTask;

/// <summary>
/// A reviewer (or the window, or the applicant for a correction) completes a task with an outcome and
/// an opinion; the workflow moves on in the same transaction. Two people completing the same task at
/// once: one succeeds, the other gets a conflict. The deciding reviewer may also settle the decision's final conditions
/// (<see cref="FinalConditions"/>: the reviews' conditions, edited or removed, and their own; null keeps every review's
/// condition and adds <see cref="Conditions"/>) and a refusal's legal basis (null cites the configured default).
/// </summary>
public sealed record CompleteTaskCommand(Guid TaskId, TaskOutcome Outcome, string? Opinion, string? Conditions = null,
    IReadOnlyList<FinalCondition>? FinalConditions = null, string? LegalBasis = null) : ICommand<CompletedTask>;

public sealed record CompletedTask(Guid TaskId, Guid CaseId, CaseStatus CaseStatus);

public sealed class CompleteTaskValidator : AbstractValidator<CompleteTaskCommand>
{
    public CompleteTaskValidator()
    {
        RuleFor(c => c.Outcome).IsInEnum()
            .WithMessage(_ => Bilingual.Text("请选择办理结果", "Choose an outcome"));
        RuleFor(c => c.Opinion).NotEmpty().When(c => TaskOutcomes.NeedsOpinion(c.Outcome))
            .WithMessage(_ => Bilingual.Text("请填写意见", "Write an opinion"));
        RuleFor(c => c.Opinion).MaximumLength(4000)
            .WithMessage(_ => Bilingual.Text("意见不能超过 4000 字", "The opinion is limited to 4000 characters"));
        RuleFor(c => c.Conditions).NotEmpty().When(c => c.Outcome == TaskOutcome.AgreeWithConditions)
            .WithMessage(_ => Bilingual.Text("“同意（附条件）”须写明条件", "Agreeing with conditions needs the conditions"));
        RuleFor(c => c.FinalConditions).Must(list => list!.Count <= 50).When(c => c.FinalConditions is not null)
            .WithMessage(_ => Bilingual.Text("附加条件最多 50 条", "At most 50 conditions"));
        RuleForEach(c => c.FinalConditions).ChildRules(condition =>
        {
            condition.RuleFor(x => x.Text).NotEmpty()
                .WithMessage(_ => Bilingual.Text("附加条件不能为空（不需要的条件请删除）", "A condition cannot be empty (remove the ones not wanted)"));
            condition.RuleFor(x => x.Text).MaximumLength(1000)
                .WithMessage(_ => Bilingual.Text("每条附加条件不能超过 1000 字", "Each condition is limited to 1000 characters"));
        });
        RuleFor(c => c.FinalConditions).Null().When(c => c.Outcome != TaskOutcome.Approve)
            .WithMessage(_ => Bilingual.Text("只有批准决定才附条件", "Only an approval carries conditions"));
        RuleFor(c => c.LegalBasis).Null().When(c => c.Outcome != TaskOutcome.Refuse)
            .WithMessage(_ => Bilingual.Text("法律依据只属于不予通过的决定", "A legal basis belongs to a refusal only"));
        RuleFor(c => c.LegalBasis).MaximumLength(2000)
            .WithMessage(_ => Bilingual.Text("法律依据不能超过 2000 字", "The legal basis is limited to 2000 characters"));
    }
}

public sealed class CompleteTaskHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, WorkflowHost workflows, TimeProvider clock, ProvinceRules rules)
    : ICommandHandler<CompleteTaskCommand, CompletedTask>
{
    public async ValueTask<CompletedTask> Handle(CompleteTaskCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var task = await db.Set<ReviewTask>().SingleOrDefaultAsync(t => t.Id == command.TaskId, ct);
        // Tasks outside the caller's reach do not exist for them.
        if (task is null || !(task.IsCandidate(actor) || actor.IsSystem))
            throw new NotFoundException(Bilingual.Text("未找到该待办任务", "No such task"));
        if (!TaskOutcomes.AllowedAt(task.Stage).Contains(command.Outcome))
            throw new ValidationException([new ValidationFailure("outcome", Bilingual.Text(
                $"此环节可选的办理结果：{string.Join("、", TaskOutcomes.AllowedAt(task.Stage))}",
                $"At this step the outcome is one of: {string.Join(", ", TaskOutcomes.AllowedAt(task.Stage))}"))]);
        var finalConditions = await FinalConditionsAsync(task, command, ct);
        var now = clock.GetUtcNow();
        task.Complete(command.Outcome, command.Opinion, command.Conditions, actor.UserId, actor.Name, actor.IsSystem, now);

        // Recorded first so the timeline reads in order: this opinion, then what the workflow did with it.
        var department = task.Department is { } d ? Wording.Zh(d) : null;
        CaseTimeline.Record(db, task.CaseId, clock.GetUtcNow(), actor.Name, $"{task.Stage}-{command.Outcome}".ToLowerInvariant(),
            $"{task.Name}：{Names.Reached(command.Outcome).Zh}", $"{Names.Step(task.Stage, task.Department).En}: {Names.Reached(command.Outcome).En}",
            opinion: command.Conditions is null ? command.Opinion : $"{command.Opinion}（条件：{command.Conditions}）",
            level: task.Level, department: department);
        // The workflow step takes the instance's lock and saves everything, this task included, in one go.
        // A task completed meanwhile by someone else has lost its bookmark: that surfaces as a conflict there.
        await workflows.ResumeAsync(task.WorkflowInstanceId, task.BookmarkId,
            JsonSerializer.SerializeToNode(new TaskCompletion(command.Outcome, command.Opinion, command.Conditions, actor.Name,
                finalConditions, command.LegalBasis?.Trim() is { Length: > 0 } basis ? basis : null), JsonSerializerOptions.Web),
            actor.Name, ct);
        await tx.CommitAsync(ct);
        // The workflow step has the case in the change tracker already.
        var status = (await db.Set<Case>().FindAsync([task.CaseId], ct))!.Status;
        return new CompletedTask(task.Id, task.CaseId, status);
    }

    /// <summary>
    /// The decider's settled list, each condition taken from a review keeping that review's attribution (the task must be one
    /// of this case's reviews that attached conditions, so no one can put words in another department's mouth).
    /// </summary>
    private async Task<IReadOnlyList<DecisionCondition>?> FinalConditionsAsync(ReviewTask task, CompleteTaskCommand command, CancellationToken ct)
    {
        if (command.FinalConditions is null && command.LegalBasis is null) return null;
        if (task.Stage != TaskStage.Decision)
            throw new ValidationException([new ValidationFailure(nameof(command.FinalConditions), Bilingual.Text(
                "附加条件清单和法律依据只在审批决定环节填写", "The final conditions and the legal basis belong to the decision step"))]);
        if (command.FinalConditions is null) return null;
        var collected = (await ReviewConditions.CollectAsync(db, rules, task.CaseId, ct)).GroupBy(x => x.FromTaskId).ToDictionary(g => g.Key, g => g.First().Condition);
        return command.FinalConditions.Select(f => f.FromTaskId is { } from
            ? collected.TryGetValue(from, out var source) ? source with { Text = f.Text.Trim() }
                : throw new ValidationException([new ValidationFailure(nameof(command.FinalConditions), Bilingual.Text(
                    "附加条件引用的审查意见不属于本案或未附条件", "A condition refers to a review that is not this case's or attached no conditions"))])
            : new DecisionCondition(f.Text.Trim(), task.Level, null, null, null, ByDecider: true)).ToList();
    }
}
