using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks.ClaimTask;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks.ReleaseTask;

/// <summary>The holder of a claimed task gives it back to every candidate.</summary>
public sealed record ReleaseTaskCommand(Guid TaskId) : ICommand<ClaimedTask>;

public sealed class ReleaseTaskHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : ICommandHandler<ReleaseTaskCommand, ClaimedTask>
{
    public async ValueTask<ClaimedTask> Handle(ReleaseTaskCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var task = await db.Set<ReviewTask>().SingleOrDefaultAsync(t => t.Id == command.TaskId, ct);
        if (task is null || !task.IsCandidate(actor)) throw new NotFoundException(Bilingual.Text("未找到该待办任务", "No such task"));
        task.Release(actor.UserId);
        await ClaimTaskHandler.SaveAsync(db, task, ct);
        return new ClaimedTask(task.Id, null, null);
    }
}
