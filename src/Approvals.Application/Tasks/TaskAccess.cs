using Approvals.Application.Identity;
using Approvals.Domain.Cases;

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
}
