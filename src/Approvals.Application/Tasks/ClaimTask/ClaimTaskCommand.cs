using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks.ClaimTask;

/// <summary>A candidate takes a task so colleagues see it is being worked (<see cref="ReleaseTask.ReleaseTaskCommand"/> gives it back).</summary>
public sealed record ClaimTaskCommand(Guid TaskId) : ICommand<ClaimedTask>;

public sealed record ClaimedTask(Guid TaskId, Guid? AssigneeId, string? AssigneeName);

public sealed class ClaimTaskHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<ClaimTaskCommand, ClaimedTask>
{
    public async ValueTask<ClaimedTask> Handle(ClaimTaskCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var task = await db.Set<ReviewTask>().SingleOrDefaultAsync(t => t.Id == command.TaskId, ct);
        if (task is null || !task.IsCandidate(actor)) throw new NotFoundException(Bilingual.Text("未找到该待办任务", "No such task"));
        task.Claim(actor.UserId, actor.Name, clock.GetUtcNow());
        await SaveAsync(db, task, ct);
        return new ClaimedTask(task.Id, task.AssigneeId, task.AssigneeName);
    }

    /// <summary>Saves a changed task; a colleague's change in between (claim, release, completion) is a conflict, never overwritten.</summary>
    internal static async Task SaveAsync(ApprovalsDbContext db, ReviewTask task, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(Bilingual.Text("该任务刚被他人更新，请刷新", "Someone else just changed this task; reload it"));
        }
    }
}
