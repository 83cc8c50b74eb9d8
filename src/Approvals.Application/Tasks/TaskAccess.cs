using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks;

/// <summary>Who may work a task: its candidates (role + jurisdiction + department), or the applicant's organisation for a correction.</summary>
public static class TaskAccess
{
    public static bool IsCandidate(this ReviewTask task, Actor actor) => task.Stage switch
    {
        TaskStage.Correction => actor.IsInRole(Roles.Applicant) && actor.OrganisationId == task.OrganisationId,
        TaskStage.Acceptance => actor.IsInRole(Roles.Clerk) && actor.JurisdictionCode == task.JurisdictionCode,
        _ => actor.IsInRole(Roles.Reviewer) && actor.JurisdictionCode == task.JurisdictionCode && actor.Department == task.Department,
    };

    /// <summary>A claimed task belongs to whoever claimed it; an unclaimed one to every candidate.</summary>
    public static bool MayWork(this ReviewTask task, Actor actor) =>
        task.IsCandidate(actor) && (task.AssigneeId is null || task.AssigneeId == actor.UserId);

    /// <summary>
    /// Who may open a task's review page: its candidates, whoever completed it, administrators, and the
    /// supervisors whose jurisdiction covers it. Everyone else is told it does not exist.
    /// </summary>
    public static bool MaySee(this Actor actor, ReviewTask task) =>
        task.IsCandidate(actor)
        || (actor.UserId is not null && task.CompletedById == actor.UserId)
        || actor.IsInRole(Roles.Administrator)
        || (actor.IsInRole(Roles.Supervisor) && actor.Covers(task.JurisdictionCode));

    /// <summary>Administrators, and supervisors whose jurisdiction covers the task, hand staff tasks to another candidate.</summary>
    public static bool MayReassign(this Actor actor, ReviewTask task) =>
        task.Stage != TaskStage.Correction
        && (actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.Supervisor) && actor.Covers(task.JurisdictionCode)));
}

/// <summary>A member of staff who may work a task.</summary>
public sealed record TaskCandidate(Guid UserId, string UserName, string DisplayName);

public static class TaskCandidates
{
    /// <summary>The staff a task may be given to: the task's role at its jurisdiction (and department, for reviews).</summary>
    public static async Task<IReadOnlyList<TaskCandidate>> ListAsync(ApprovalsDbContext db, ReviewTask task, CancellationToken ct)
    {
        if (task.Stage == TaskStage.Correction) return [];
        var role = task.Stage == TaskStage.Acceptance ? Roles.Clerk : Roles.Reviewer;
        var users = db.Users.AsNoTracking().Where(u => u.JurisdictionCode == task.JurisdictionCode);
        if (role == Roles.Reviewer) users = users.Where(u => u.Department == task.Department);
        return await (
            from u in users
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == role
            orderby u.UserName
            select new TaskCandidate(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);
    }
}
