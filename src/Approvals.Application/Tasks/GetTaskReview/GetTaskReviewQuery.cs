using Approvals.Domain.Naming;
using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Approvals.Domain.Calendar;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks.GetTaskReview;

/// <summary>
/// What a reviewer needs beside the case itself to work one task: the task, what the caller may do with
/// it, the opinions already given on the case (the other departments of this level, the levels below),
/// and the map and report of the case's spatial check.
/// </summary>
public sealed record GetTaskReviewQuery(Guid TaskId) : IQuery<TaskReview>;

public sealed record TaskReview(
    ReviewTaskView Task, IReadOnlyList<TaskOutcome> Outcomes, bool MayAct, bool MayClaim, bool MayRelease, bool MayReassign,
    IReadOnlyList<TaskCandidate> Candidates, IReadOnlyList<GivenOpinion> Opinions, SpatialCheckMap? Map, ComparisonReport? Report)
{
    /// <summary>
    /// When the case's own check has not run yet (before acceptance): the time of the applicant's pre-check, whose map and
    /// report <see cref="Map"/> and <see cref="Report"/> then are. Null when they are the case's own.
    /// </summary>
    public DateTimeOffset? ApplicantPreCheckAt { get; init; }
}

public sealed record ReviewTaskView(
    Guid Id, Guid CaseId, string Name, TaskStage Stage, JurisdictionLevel Level, string JurisdictionCode, string? Department,
    ReviewTaskStatus Status, DateTimeOffset CreatedAt, DateOnly DueOn, int WorkingDaysLeft, Guid? AssigneeId, string? AssigneeName,
    TaskOutcome? Outcome, string? Opinion, string? Conditions, string? CompletedByName, DateTimeOffset? CompletedAt);

public sealed record GivenOpinion(
    Guid TaskId, string Name, TaskStage Stage, JurisdictionLevel Level, string JurisdictionCode, string? Department,
    TaskOutcome Outcome, string? Opinion, string? Conditions, string? By, DateTimeOffset At);

public sealed class GetTaskReviewHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock, CaseReadAudit reads)
    : IQueryHandler<GetTaskReviewQuery, TaskReview>
{
    public async ValueTask<TaskReview> Handle(GetTaskReviewQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var task = await db.Set<ReviewTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == query.TaskId, ct);
        if (task is null || task.Stage == TaskStage.Correction || !actor.MaySee(task))
            throw new NotFoundException(Bilingual.Text("未找到该待办任务", "No such task"));
        var c = await CaseAccess.FindVisibleAsync(db, actor, task.CaseId, ct);
        await reads.RecordAsync(c, "review", task.Id, ct);

        var open = task.Status == ReviewTaskStatus.Open;
        var mayReassign = open && actor.MayReassign(task);
        var opinions = await db.Set<ReviewTask>().AsNoTracking()
            .Where(t => t.CaseId == task.CaseId && t.Id != task.Id && t.Status == ReviewTaskStatus.Completed && t.Stage != TaskStage.Correction)
            .OrderBy(t => t.CompletedAt).ToListAsync(ct);

        SpatialCheckMap? map = null;
        ComparisonReport? report = null;
        DateTimeOffset? preCheckAt = null;
        if (c.SpatialReport is { } json)
        {
            report = ComparisonReport.FromJson(json);
            map = await SpatialCheckMaps.MapAsync(db, c.Id, c.Boundary, report, ct);
        }
        else if (await ApplicantPreCheckAsync(c, ct) is { } preCheck)
        {
            // The case's own check runs after acceptance; until then the window sees what the applicant saw.
            report = ComparisonReport.FromJson(preCheck.Report);
            map = await SpatialCheckMaps.MapAsync(db, preCheck.Id, preCheck.Boundary, report, ct);
            preCheckAt = preCheck.CreatedAt;
        }

        var today = LocalDate.Today(clock);
        return new TaskReview(
            new ReviewTaskView(task.Id, task.CaseId, Names.Step(task.Name, task.Stage, task.Department).Text(), task.Stage, task.Level, task.JurisdictionCode, task.Department?.ToString(),
                task.Status, task.CreatedAt, task.DueOn, rules.Calendar.WorkingDaysLeft(today, task.DueOn), task.AssigneeId, task.AssigneeName,
                task.Outcome, task.Opinion, task.Conditions, task.CompletedByName, task.CompletedAt),
            TaskOutcomes.AllowedAt(task.Stage),
            MayAct: open && task.MayWork(actor),
            MayClaim: open && task.IsCandidate(actor) && task.AssigneeId is null,
            MayRelease: open && task.AssigneeId is not null && task.AssigneeId == actor.UserId,
            mayReassign,
            mayReassign ? await TaskCandidates.ListAsync(db, task, ct) : [],
            opinions.Select(t => new GivenOpinion(t.Id, Names.Step(t.Name, t.Stage, t.Department).Text(), t.Stage, t.Level, t.JurisdictionCode, t.Department?.ToString(), t.Outcome!.Value,
                t.Opinion, t.Conditions, t.CompletedByName, t.CompletedAt!.Value)).ToList(),
            map, report) { ApplicantPreCheckAt = preCheckAt };
    }

    /// <summary>
    /// The pre-check of the draft the case was submitted from, when it is of the boundary the case has (a correction may
    /// have replaced the boundary since; an old pre-check must not pass for the case's).
    /// </summary>
    private async Task<SpatialCheck?> ApplicantPreCheckAsync(Case c, CancellationToken ct)
    {
        var checkId = await db.Set<Drafts.Draft>().AsNoTracking().Where(d => d.CaseId == c.Id).Select(d => d.SpatialCheckId).SingleOrDefaultAsync(ct);
        if (checkId is null) return null;
        var check = await db.SpatialChecks.AsNoTracking().SingleOrDefaultAsync(s => s.Id == checkId, ct);
        if (check is null) return null;
        try
        {
            return check.Boundary.EqualsTopologically(c.Boundary) ? check : null;
        }
        catch (NetTopologySuite.Geometries.TopologyException)
        {
            return null;
        }
    }

}
