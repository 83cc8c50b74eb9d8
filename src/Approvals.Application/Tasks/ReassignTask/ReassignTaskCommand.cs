using Approvals.Domain.Naming;
using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks.ClaimTask;
using Approvals.Domain.Routing;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks.ReassignTask;

/// <summary>
/// An administrator, or a supervisor of the task's jurisdiction, hands an open task to another candidate
/// (someone away, a fairer load), with a reason that stays in the case's internal history.
/// </summary>
public sealed record ReassignTaskCommand(Guid TaskId, Guid AssigneeId, string Reason) : ICommand<ClaimedTask>;

public sealed class ReassignTaskValidator : AbstractValidator<ReassignTaskCommand>
{
    public ReassignTaskValidator()
    {
        RuleFor(c => c.AssigneeId).NotEmpty().WithMessage(_ => Bilingual.Text("请选择改派给谁", "Choose who takes the task"));
        RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => Bilingual.Text("请填写改派理由", "Give the reason for reassigning"));
        RuleFor(c => c.Reason).MaximumLength(500).WithMessage(_ => Bilingual.Text("改派理由不能超过 500 字", "The reason is limited to 500 characters"));
    }
}

public sealed class ReassignTaskHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<ReassignTaskCommand, ClaimedTask>
{
    public async ValueTask<ClaimedTask> Handle(ReassignTaskCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var task = await db.Set<ReviewTask>().SingleOrDefaultAsync(t => t.Id == command.TaskId, ct);
        if (task is null || !actor.MaySee(task)) throw new NotFoundException(Bilingual.Text("未找到该待办任务", "No such task"));
        if (!actor.MayReassign(task))
            throw new ForbiddenException(Bilingual.Text("只有管理员或本级督办人员可以改派任务", "Only an administrator or a supervisor of this jurisdiction may reassign a task"));
        if (task.Status != ReviewTaskStatus.Open) throw new ConflictException(Bilingual.Text("该任务已办结", "This task is closed"));

        var candidate = (await TaskCandidates.ListAsync(db, task, ct)).SingleOrDefault(c => c.UserId == command.AssigneeId)
            ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("assigneeId",
                Bilingual.Text("只能改派给有权办理该任务的人员", "The task can only go to someone who may work it"))]);
        var previous = task.AssigneeName;
        task.ReassignTo(candidate.UserId, candidate.UserName, clock.GetUtcNow());
        // Internal: who handles a task inside the office is not the applicant's business.
        CaseTimeline.Record(db, task.CaseId, clock.GetUtcNow(), actor.Name, "task-reassigned",
            $"{task.Name}：由 {previous ?? "（未签收）"} 改派给 {candidate.DisplayName}",
            $"{Names.Step(task.Stage, task.Department).En}: reassigned from {previous ?? "(unclaimed)"} to {candidate.DisplayName}",
            opinion: command.Reason.Trim(), level: task.Level, department: task.Department is { } d ? Wording.Zh(d) : null, visibleToApplicant: false);
        await ClaimTaskHandler.SaveAsync(db, task, ct);
        return new ClaimedTask(task.Id, task.AssigneeId, task.AssigneeName);
    }
}
