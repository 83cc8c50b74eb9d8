using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Application.Tasks.GetTaskReview;
using Approvals.Application.Tasks.ListInbox;
using Approvals.Application.Tasks.ListMyTasks;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.IntegrationTests.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Inbox;

/// <summary>
/// Who may see or work a task is one rule (<see cref="TaskScope"/>), read by the inbox's SQL, "my tasks" (EF),
/// the candidate list (the users' side) and the review page's check (in memory). On a generated history, every
/// demo user and every task, they must tell the same story.
/// </summary>
public sealed class TaskAccessAgreementTests(SpatialServices services) : IClassFixture<SpatialServices>
{
    [Fact]
    public async Task For_every_demo_user_and_every_task_the_inbox_the_review_page_and_the_candidate_list_agree()
    {
        await services.Send(new SeedDemoDataCommand("Agree2026pass", Cases: 100, Seed: 14));
        await using var scope = services.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var tasks = await db.Set<ReviewTask>().AsNoTracking().ToListAsync();
        var users = await (
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            join j in db.Jurisdictions on u.JurisdictionCode equals j.Code into js
            from j in js.DefaultIfEmpty()
            select new { u.Id, u.UserName, Role = r.Name, u.JurisdictionCode, Level = (JurisdictionLevel?)j.Level, u.Department, u.OrganisationId })
            .ToListAsync();
        var actors = users.Select(u => new Actor(u.Id, u.UserName!, u.Role, u.JurisdictionCode, u.Level, u.Department, u.OrganisationId)).ToList();
        Assert.True(tasks.Count(t => t.Status == ReviewTaskStatus.Open) >= 10, "the history leaves work open");
        Assert.Contains(actors, a => a.Role == Roles.Clerk);
        Assert.Contains(actors, a => a.Role == Roles.Supervisor && a.JurisdictionLevel == JurisdictionLevel.Province);

        // Every task records the role its stage is offered to, as the workflow writes it.
        Assert.All(tasks, t => Assert.Equal(TaskScope.CandidateRoleOf(t.Stage), t.CandidateRole));

        // The users' side of the rule: who may be given each staff task.
        var candidates = new Dictionary<Guid, HashSet<Guid>>();
        foreach (var t in tasks.Where(t => t.Stage != TaskStage.Correction))
            candidates[t.Id] = (await TaskCandidates.ListAsync(db, t, default)).Select(c => c.UserId).ToHashSet();
        // Whoever did a task in the history was one of its candidates.
        Assert.All(tasks.Where(t => t.Stage != TaskStage.Correction && t.Status == ReviewTaskStatus.Completed),
            t => Assert.Contains(t.CompletedById!.Value, candidates[t.Id]));

        var disagreements = new List<string>();
        foreach (var actor in actors)
        {
            var inbox = await InboxAsync(actor);
            var done = await InboxAsync(actor, InboxTab.Done);
            var mine = await MyTasksAsync(actor);
            foreach (var t in tasks)
            {
                var open = t.Status == ReviewTaskStatus.Open;
                var staffTask = t.Stage != TaskStage.Correction;
                var candidate = staffTask ? candidates[t.Id].Contains(actor.UserId!.Value) : await TaskScope.CandidatesOf(db, t).AnyAsync(u => u.Id == actor.UserId);
                var review = ReviewPageOpens(actor, t);
                void Disagree(string what) => disagreements.Add($"{actor.Name} ({actor.Role}) / {t.Stage} task {t.Id} at {t.JurisdictionCode} {t.Department} [{t.Status}]: {what}");

                if (candidate != t.IsCandidate(actor)) Disagree($"candidate list says {candidate}, the review page's check says {!candidate}");
                if (inbox.Contains(t.Id) && !review) Disagree("in the inbox, but the review page refuses it");
                if (done.Contains(t.Id) && !review) Disagree("in the done tab, but the review page refuses it");
                if (actor.Role is Roles.Clerk or Roles.Reviewer && inbox.Contains(t.Id) != (open && candidate))
                    Disagree($"inbox {inbox.Contains(t.Id)}, open candidate {open && candidate}");
                if (actor.Role is Roles.Clerk or Roles.Reviewer && staffTask && review != (candidate || t.CompletedById == actor.UserId))
                    Disagree($"review page {review}, candidate {candidate}");
                if (actor.Role is Roles.Supervisor or Roles.Administrator && inbox.Contains(t.Id) && !actor.MayReassign(t))
                    Disagree("in a supervisor's inbox, but not theirs to reassign");
                if (mine.Contains(t.Id) != (open && candidate && (t.AssigneeId is null || t.AssigneeId == actor.UserId)))
                    Disagree($"my tasks {mine.Contains(t.Id)}, candidate {candidate}, assignee {t.AssigneeName}");
            }
            // The review page itself (not only its check) opens what the inbox lists, with the same candidates.
            foreach (var id in inbox)
            {
                var page = await ReviewAsync(actor, id);
                if (page is null) { disagreements.Add($"{actor.Name}: the review page of inbox task {id} is not found"); continue; }
                if (page.MayReassign && !page.Candidates.Select(c => c.UserId).ToHashSet().SetEquals(candidates[id]))
                    disagreements.Add($"{actor.Name}: the review page of {id} offers other candidates than the candidate list");
            }
        }
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements, e.g.:\n" + string.Join("\n", disagreements.Take(20)));
    }

    /// <summary>The review page's own check (GetTaskReview): no correction, and the actor may see the task and its case.</summary>
    private static bool ReviewPageOpens(Actor actor, ReviewTask t) => t.Stage != TaskStage.Correction && actor.MaySee(t);

    private async Task<HashSet<Guid>> InboxAsync(Actor actor, InboxTab tab = InboxTab.Todo)
    {
        var ids = new HashSet<Guid>();
        try
        {
            for (var page = 1; ; page++)
            {
                var result = await services.Send(new ListInboxQuery(Tab: tab, Page: page, PageSize: 100), actor);
                ids.UnionWith(result.Rows.Select(r => r.TaskId));
                if (page >= result.PageCount) return ids;
            }
        }
        catch (ForbiddenException)
        {
            return ids; // applicants have no inbox
        }
    }

    private async Task<HashSet<Guid>> MyTasksAsync(Actor actor)
    {
        var ids = new HashSet<Guid>();
        for (var page = 1; ; page++)
        {
            var result = await services.Send(new ListMyTasksQuery(Page: page, PageSize: 200), actor);
            ids.UnionWith(result.Tasks.Select(t => t.Id));
            if (page * 200 >= result.Total) return ids;
        }
    }

    private async Task<TaskReview?> ReviewAsync(Actor actor, Guid taskId)
    {
        try
        {
            return await services.Send(new GetTaskReviewQuery(taskId), actor);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
