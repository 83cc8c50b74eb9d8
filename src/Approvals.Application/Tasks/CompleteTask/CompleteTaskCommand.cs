using System.Text.Json;
using Approvals.Domain.Routing;
using Approvals.Application.Cases;
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
/// once: one succeeds, the other gets a conflict.
/// </summary>
public sealed record CompleteTaskCommand(Guid TaskId, TaskOutcome Outcome, string? Opinion, string? Conditions = null) : ICommand<CompletedTask>;

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
    }
}

public sealed class CompleteTaskHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, WorkflowHost workflows, TimeProvider clock)
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
            JsonSerializer.SerializeToNode(new TaskCompletion(command.Outcome, command.Opinion, command.Conditions, actor.Name), JsonSerializerOptions.Web),
            actor.Name, ct);
        await tx.CommitAsync(ct);
        // The workflow step has the case in the change tracker already.
        var status = (await db.Set<Case>().FindAsync([task.CaseId], ct))!.Status;
        return new CompletedTask(task.Id, task.CaseId, status);
    }
}
