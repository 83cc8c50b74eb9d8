using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Domain.Naming;
using Approvals.Domain.Routing;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Staff.DisableStaffUser;

/// <summary>
/// An administrator disables an account (someone who left or moved): the person can no longer sign in, their open
/// sessions end at once (a new security stamp), and the open tasks they had claimed go back to their pool, each with
/// a line in the case's internal timeline, so colleagues pick them up instead of waiting for someone who is gone.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以停用账号", RefusalEn = "Only administrators disable accounts")]
public sealed record DisableStaffUserCommand(Guid UserId) : ICommand<StaffAccountChanged>;

/// <param name="TasksReleased">How many claimed tasks went back to their pool.</param>
public sealed record StaffAccountChanged(Guid UserId, string UserName, bool Enabled, int TasksReleased = 0);

public sealed class DisableStaffUserHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users, ActorAccessor actorAccessor, TimeProvider clock)
    : ICommandHandler<DisableStaffUserCommand, StaffAccountChanged>
{
    public async ValueTask<StaffAccountChanged> Handle(DisableStaffUserCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var user = await StaffAccounts.FindAsync(db, command.UserId, ct);
        if (user.Id == actor.UserId)
            throw new ConflictException(Bilingual.Text("不能停用自己的账号", "You cannot disable your own account"));
        if (user.DisabledAt is not null) return new StaffAccountChanged(user.Id, user.UserName!, false);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.DisabledAt = now;
        // A new stamp ends every session the person has (checked on each request, see the web host's Sessions).
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded) throw new ConflictException(Bilingual.Text("该账号刚被他人修改，请刷新", "Someone else just changed this account; reload"));

        var claimed = await db.Set<ReviewTask>()
            .Where(t => t.AssigneeId == user.Id && t.Status == ReviewTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        foreach (var task in claimed)
        {
            task.Release(user.Id);
            // Internal: who handles a task inside the office is not the applicant's business.
            CaseTimeline.Record(db, task.CaseId, now, actor.Name, "task-released",
                $"{task.Name}：{user.DisplayName} 的账号已停用，任务退回待办池",
                $"{Names.Step(task.Stage, task.Department).En}: {user.DisplayName}'s account was disabled; the task is back in its pool",
                level: task.Level, department: task.Department is { } d ? Wording.Zh(d) : null, visibleToApplicant: false);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(Bilingual.Text("该账号的任务刚被他人更新，请重试", "A task of this account was just changed by someone else; try again"));
        }
        await tx.CommitAsync(ct);
        return new StaffAccountChanged(user.Id, user.UserName!, false, claimed.Count);
    }
}
