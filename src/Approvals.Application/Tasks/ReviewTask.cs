using Approvals.Application.Persistence;
using Approvals.Application.Errors;
using Approvals.Application.Localization;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Tasks;

/// <summary>
/// A human task (a county window's acceptance, a department's review at one level, the decision, or the
/// applicant's correction). It is the row behind one workflow bookmark; inboxes and dashboards query it.
/// </summary>
public sealed class ReviewTask : IVersioned
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    /// <summary>
    /// The case's number, project name, county and use types (<see cref="UseTypeMask"/>), copied when the task is
    /// created (they never change after submission) so that the inbox filters and searches the task rows alone.
    /// </summary>
    public string CaseNumber { get; set; } = "";
    public string ProjectName { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public int UseTypes { get; set; }
    public Guid WorkflowInstanceId { get; set; }
    /// <summary>The workflow bookmark completing this task resumes (one task, one bookmark).</summary>
    public Guid BookmarkId { get; set; }
    public string ActivityId { get; set; } = "";
    public string Name { get; set; } = "";
    public TaskStage Stage { get; set; }
    public JurisdictionLevel Level { get; set; }
    public string JurisdictionCode { get; set; } = "";
    public Department? Department { get; set; }
    /// <summary>Who may work it: a role (clerk, reviewer, applicant) within the jurisdiction and department.</summary>
    public string CandidateRole { get; set; } = "";
    /// <summary>For correction tasks: the applicant's organisation.</summary>
    public Guid? OrganisationId { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateOnly DueOn { get; set; }
    /// <summary>When the holder is reminded (80 % of the time, configurable); the deadline sweep sets <see cref="RemindedAt"/>.</summary>
    public DateOnly RemindOn { get; set; }
    /// <remarks>Reminders sent change nothing for the person working the task: a claim read before one still holds.</remarks>
    [NotVersioned] public DateTimeOffset? RemindedAt { get; set; }
    [NotVersioned] public DateTimeOffset? OverdueNotifiedAt { get; set; }
    public ReviewTaskStatus Status { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public Guid? CompletedById { get; set; }
    public string? CompletedByName { get; set; }
    public TaskOutcome? Outcome { get; set; }
    public string? Opinion { get; set; }
    public string? Conditions { get; set; }
    /// <summary>What the applicant must correct (when returned for correction).</summary>
    public string? CorrectionRequest { get; set; }
    public int Version { get; set; }

    /// <summary>Takes the task so colleagues see it is being worked; claiming one's own task again renews the claim.</summary>
    public void Claim(Guid? userId, string userName, DateTimeOffset at)
    {
        RequireOpen();
        if (AssigneeId is not null && AssigneeId != userId)
            throw new ConflictException(Bilingual.Text($"该任务已由 {AssigneeName} 签收", $"{AssigneeName} has already claimed this task"));
        Hold(userId, userName, at);
    }

    /// <summary>The holder gives the task back to every candidate.</summary>
    public void Release(Guid? userId)
    {
        RequireOpen();
        if (AssigneeId != userId) throw new ConflictException(Bilingual.Text("只能退回自己签收的任务", "You can only release a task you claimed"));
        AssigneeId = null;
        AssigneeName = null;
        ClaimedAt = null;
    }

    /// <summary>Hands the open task to another candidate (who may work it is the caller's to check).</summary>
    public void ReassignTo(Guid userId, string userName, DateTimeOffset at)
    {
        RequireOpen();
        Hold(userId, userName, at);
    }

    /// <summary>
    /// Records the outcome. Someone else's claim stands against everyone but the system; a task no longer open
    /// has had its step done already (its bookmark is gone).
    /// </summary>
    public void Complete(TaskOutcome outcome, string? opinion, string? conditions, Guid? byId, string byName, bool bySystem, DateTimeOffset at)
    {
        if (AssigneeId is not null && AssigneeId != byId && !bySystem)
            throw new ConflictException(Bilingual.Text($"该任务已由 {AssigneeName} 签收", $"{AssigneeName} has claimed this task"));
        if (Status != ReviewTaskStatus.Open)
            throw new ConflictException(Bilingual.Text("这一步已由他人办理完毕，请刷新查看最新状态", "This step has already been completed by someone else; reload to see the current state."));
        Status = ReviewTaskStatus.Completed;
        CompletedAt = at;
        CompletedById = byId;
        CompletedByName = byName;
        Outcome = outcome;
        Opinion = opinion;
        Conditions = conditions;
    }

    /// <summary>The case was withdrawn or the step superseded: the task leaves every inbox undone. A closed task stays as it is.</summary>
    public void Cancel(DateTimeOffset at)
    {
        if (Status != ReviewTaskStatus.Open) return;
        Status = ReviewTaskStatus.Cancelled;
        CompletedAt = at;
    }

    private void RequireOpen()
    {
        if (Status != ReviewTaskStatus.Open) throw new ConflictException(Bilingual.Text("该任务已办结", "This task is closed"));
    }

    private void Hold(Guid? userId, string userName, DateTimeOffset at)
    {
        AssigneeId = userId;
        AssigneeName = userName;
        ClaimedAt = at;
    }
}

/// <summary>A set of use types as bits (1 &lt;&lt; the type's number), so one integer column answers "does the case ask for forest use".</summary>
public static class UseTypeMask
{
    public static int Of(IEnumerable<Domain.UseTypes.UseType> types) => types.Aggregate(0, (mask, t) => mask | Bit(t));

    public static int Bit(Domain.UseTypes.UseType type) => 1 << (int)type;

    public static IReadOnlyList<Domain.UseTypes.UseType> Types(int mask) =>
        Enum.GetValues<Domain.UseTypes.UseType>().Where(t => (mask & Bit(t)) != 0).ToList();
}

public enum ReviewTaskStatus
{
    Open = 1,
    Completed = 2,
    /// <summary>Withdrawn with the case, or superseded.</summary>
    Cancelled = 3,
}
