using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.GetCasePath;

/// <summary>
/// The case's own path for people: the steps it went through, the one it is at and those still ahead, named in the
/// reader's language, with only the departments that apply to it. (The definition with every branch is the
/// engineers' diagram on /workflows.)
/// </summary>
public sealed record GetCasePathQuery(Guid CaseId) : IQuery<CasePath>;

public sealed record CasePath(IReadOnlyList<PathStep> Steps);

/// <param name="State">done, current, ahead or cancelled.</param>
/// <param name="Branches">The departments reviewing side by side at this step (a joint review), else none.</param>
/// <param name="Outcome">What the step came to ("同意", "已批准"), once done.</param>
public sealed record PathStep(string Name, string State, string? Outcome, IReadOnlyList<PathStep> Branches);

public sealed class GetCasePathHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<GetCasePathQuery, CasePath>
{
    public async ValueTask<CasePath> Handle(GetCasePathQuery query, CancellationToken ct)
    {
        var c = await CaseAccess.FindVisibleAsync(db, actorAccessor.Current, query.CaseId, ct);
        var tasks = await db.Set<ReviewTask>().AsNoTracking().Where(t => t.CaseId == c.Id).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(ct);
        return new CasePath(Build(c, tasks));
    }

    /// <summary>The path from the case and its tasks in the order they were opened: reviews opened together at one level are one joint step.</summary>
    public static List<PathStep> Build(Case c, IReadOnlyList<ReviewTask> tasks)
    {
        var steps = new List<PathStep> { Milestone(CaseMilestone.Submitted, "done") };
        JurisdictionLevel? reviewedUpTo = null;
        for (var i = 0; i < tasks.Count;)
        {
            var task = tasks[i];
            if (task.Stage != TaskStage.Review)
            {
                steps.Add(new PathStep(Names.Step(task.Stage, task.Department).Text(), StateOf(task), OutcomeOf(task), []));
                i++;
                continue;
            }
            var round = tasks.Skip(i).TakeWhile(t => t.Stage == TaskStage.Review && t.Level == task.Level).ToList();
            i += round.Count;
            // Each review round follows a spatial check and routing (after acceptance, or again after a correction).
            if (reviewedUpTo is null || steps[^1].Name == Names.Step(TaskStage.Correction, null).Text())
            {
                steps.Add(Milestone(CaseMilestone.SpatialCheck, "done"));
                steps.Add(Milestone(CaseMilestone.Routing, "done"));
            }
            // Tasks of one round are created together: the departments go in their usual order, not by creation time.
            var branches = round.OrderBy(t => t.Department).Select(t => new PathStep(Names.Step(t.Stage, t.Department).Text(), StateOf(t), OutcomeOf(t), [])).ToList();
            var state = branches.Any(b => b.State == "current") ? "current" : branches.All(b => b.State == "cancelled") ? "cancelled" : "done";
            steps.Add(new PathStep(Names.JointReview(task.Level).Text(), state, null, branches));
            reviewedUpTo = task.Level;
        }

        if (c.Status.IsClosed())
        {
            steps.Add(new PathStep(Names.Of(CaseMilestone.Closed).Text(), "done", Names.Of(c.Status).Text(), []));
            return steps;
        }
        var waiting = tasks.Any(t => t.Status == ReviewTaskStatus.Open);
        var routed = c.DecidingLevel is not null && c.RequiredDepartments.Count > 0;
        if (!waiting && reviewedUpTo is null || !waiting && steps[^1].Name == Names.Step(TaskStage.Correction, null).Text())
        {
            // Accepted (or corrected): the system is checking and routing the case now.
            var accepted = tasks.Any(t => t.Stage == TaskStage.Acceptance && t.Outcome == TaskOutcome.Accept);
            steps.Add(Milestone(CaseMilestone.SpatialCheck, accepted ? "current" : "ahead"));
            steps.Add(Milestone(CaseMilestone.Routing, "ahead"));
        }
        if (!tasks.Any(t => t.Stage == TaskStage.Decision && t.Status == ReviewTaskStatus.Open))
        {
            if (routed)
            {
                var departments = c.RequiredDepartments.Select(Enum.Parse<Department>).ToList();
                for (var level = reviewedUpTo is { } done ? done + 1 : JurisdictionLevel.County; level <= c.DecidingLevel!.Value; level++)
                    steps.Add(new PathStep(Names.JointReview(level).Text(), "ahead", null,
                        departments.Select(d => new PathStep(Names.Step(TaskStage.Review, d).Text(), "ahead", null, [])).ToList()));
            }
            else if (reviewedUpTo is null)
            {
                steps.Add(Milestone(CaseMilestone.JointReview, "ahead"));
            }
            steps.Add(new PathStep(Names.Step(TaskStage.Decision, null).Text(), "ahead", null, []));
        }
        steps.Add(Milestone(CaseMilestone.Closed, "ahead"));
        return steps;
    }

    private static PathStep Milestone(CaseMilestone milestone, string state) => new(Names.Of(milestone).Text(), state, null, []);

    private static string StateOf(ReviewTask t) => t.Status switch
    {
        ReviewTaskStatus.Open => "current",
        ReviewTaskStatus.Completed => "done",
        _ => "cancelled",
    };

    private static string? OutcomeOf(ReviewTask t) => t.Outcome is { } o && t.Status == ReviewTaskStatus.Completed ? Names.Of(o).Text() : null;
}
