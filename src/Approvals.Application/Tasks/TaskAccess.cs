using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks;

/// <summary>Who may work a task: its candidates (role + jurisdiction + department), or the applicant's organisation for a correction (see <see cref="TaskScope"/>).</summary>
public static class TaskAccess
{
    public static bool IsCandidate(this ReviewTask task, Actor actor) => TaskScope.OfferedTo(actor).Includes(task);

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
        || (actor.IsInRole(Roles.Supervisor) && actor.Jurisdictions.Covers(task.JurisdictionCode));

    /// <summary>Administrators, and supervisors whose jurisdiction covers the task, hand staff tasks to another candidate.</summary>
    public static bool MayReassign(this Actor actor, ReviewTask task) =>
        task.Stage != TaskStage.Correction
        && (actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.Supervisor) && actor.Jurisdictions.Covers(task.JurisdictionCode)));
}

/// <summary>A member of staff who may work a task.</summary>
public sealed record TaskCandidate(Guid UserId, string UserName, string DisplayName);

public static class TaskCandidates
{
    /// <summary>The staff a task may be given to: its candidates (<see cref="TaskScope.CandidatesOf"/>); none for the applicant's correction.</summary>
    public static async Task<IReadOnlyList<TaskCandidate>> ListAsync(ApprovalsDbContext db, ReviewTask task, CancellationToken ct)
    {
        if (task.Stage == TaskStage.Correction) return [];
        return await TaskScope.CandidatesOf(db, task).AsNoTracking()
            .OrderBy(u => u.UserName)
            .Select(u => new TaskCandidate(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);
    }
}
