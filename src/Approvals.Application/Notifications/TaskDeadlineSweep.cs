using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Tasks;
using Approvals.Application.Workflows;
using Approvals.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Notifications;

/// <summary>
/// Periodic background work: reminds the holders of tasks that have used 80 % of their time, and tells
/// the supervisors of the task's jurisdiction when a task is overdue. Each task is reminded and
/// reported once (the task row records it), so running the sweep again sends nothing twice, and sweeps
/// running at the same time (a retried job beside a scheduled one, several workers) share the tasks out:
/// each task row is locked by the sweep that notifies about it and skipped by the others. E-mails go out after the
/// commit (<see cref="NotificationPost"/>).
/// </summary>
public sealed class TaskDeadlineSweep(ApprovalsDbContext db, TimeProvider clock, NotificationPost post, Outbox outbox)
{
    public async Task<(int Reminded, int Overdue)> RunAsync(CancellationToken ct)
    {
        var today = LocalDate.Today(clock);
        var now = clock.GetUtcNow();
        var reminded = 0;
        var overdue = 0;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var toRemind = await db.Set<ReviewTask>().FromSqlInterpolated($"""
            SELECT * FROM review_tasks WHERE status = 'Open' AND reminded_at IS NULL AND remind_on <= {today}
            ORDER BY remind_on LIMIT 500 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in toRemind)
        {
            var number = await CaseNumberAsync(task.CaseId, ct);
            foreach (var user in await HoldersAsync(task, ct))
                Notify(user, task, NotificationKinds.TaskReminder,
                    $"案件 {number} 的“{task.Name}”将于 {task.DueOn:yyyy-MM-dd} 到期，请及时办理",
                    $"Task \"{Approvals.Domain.Naming.Names.Step(task.Stage, task.Department).En}\" of case {number} is due on {task.DueOn:yyyy-MM-dd}", now);
            task.RemindedAt = now;
            reminded++;
        }

        var late = await db.Set<ReviewTask>().FromSqlInterpolated($"""
            SELECT * FROM review_tasks WHERE status = 'Open' AND overdue_notified_at IS NULL AND due_on < {today} AND stage <> 'Correction'
            ORDER BY due_on LIMIT 500 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in late)
        {
            var number = await CaseNumberAsync(task.CaseId, ct);
            var supervisors = await UsersAsync(Roles.Supervisor, task.JurisdictionCode, null, ct);
            foreach (var user in supervisors)
                Notify(user, task, NotificationKinds.TaskOverdue,
                    $"案件 {number} 的“{task.Name}”已超期（应于 {task.DueOn:yyyy-MM-dd} 前办结），办理人：{task.AssigneeName ?? "未签收"}",
                    $"Task \"{Approvals.Domain.Naming.Names.Step(task.Stage, task.Department).En}\" of case {number} is overdue (due {task.DueOn:yyyy-MM-dd}); held by {task.AssigneeName ?? "nobody yet"}", now);
            task.OverdueNotifiedAt = now;
            overdue++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (outbox.HasPending) await outbox.DispatchAsync(ct);
        return (reminded, overdue);
    }

    private Task<string> CaseNumberAsync(Guid caseId, CancellationToken ct) =>
        db.Set<Case>().Where(c => c.Id == caseId).Select(c => c.Number).SingleAsync(ct);

    private async Task<IReadOnlyList<ApprovalsUser>> HoldersAsync(ReviewTask task, CancellationToken ct)
    {
        if (task.AssigneeId is { } assignee) return await db.Users.Where(u => u.Id == assignee).ToListAsync(ct);
        return await TaskScope.CandidatesOf(db, task).ToListAsync(ct);
    }

    private Task<List<ApprovalsUser>> UsersAsync(string role, string jurisdiction, Domain.Departments.Department? department, CancellationToken ct) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == role && u.JurisdictionCode == jurisdiction && (department == null || u.Department == department)
         select u).ToListAsync(ct);

    private void Notify(ApprovalsUser user, ReviewTask task, string kind, string text, string textEn, DateTimeOffset now) =>
        post.Post(user, kind, text, textEn, task.CaseId, task.Id, at: now);
}
