using Approvals.Application.Localization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Errors;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Workflows;

/// <summary>
/// Runs workflow instances on the database: loads an instance under a row lock, lets the runner
/// compute the step, and writes the new state, its bookmarks (human tasks become <see cref="ReviewTask"/>
/// rows, timers become outbox messages) and the journal, all in the caller's transaction. The lock
/// serialises concurrent resumes of one instance; the loser finds its bookmark gone and gets a conflict.
/// </summary>
public sealed class WorkflowHost(ApprovalsDbContext db, PublishedWorkflows published, IServiceProvider services, TimeProvider clock, Outbox outbox)
{
    private async Task<WorkflowRunner> RunnerAsync(CancellationToken ct, bool refresh = false) =>
        new(await published.CatalogAsync(db, ct, refresh), published.Registry, clock, services);

    /// <summary>Runs a step; a version another node published a moment ago is fetched and the step retried once.</summary>
    private async Task<WorkflowRunResult> RunAsync(Func<WorkflowRunner, Task<WorkflowRunResult>> step, CancellationToken ct)
    {
        try
        {
            return await step(await RunnerAsync(ct));
        }
        catch (WorkflowDefinitionNotFoundException)
        {
            return await step(await RunnerAsync(ct, refresh: true));
        }
    }

    public async Task<WorkflowRunResult> StartAsync(Guid instanceId, string definitionId, JsonObject input, string actor, Guid? caseId, CancellationToken ct)
    {
        RequireTransaction();
        var result = await RunAsync(runner => runner.StartAsync(instanceId, definitionId, null, input, actor, ct), ct);
        var record = new WorkflowInstanceRecord
        {
            Id = instanceId, DefinitionId = result.State.DefinitionId, DefinitionVersion = result.State.DefinitionVersion,
            CaseId = caseId, CreatedAt = clock.GetUtcNow(),
        };
        db.Set<WorkflowInstanceRecord>().Add(record);
        await PersistAsync(record, result, ct);
        return result;
    }

    /// <summary>Resumes one bookmark. A bookmark already consumed (a second click, a lost race) is a conflict.</summary>
    public async Task<WorkflowRunResult> ResumeAsync(Guid instanceId, Guid bookmarkId, JsonNode? input, string actor, CancellationToken ct)
    {
        var (record, state) = await LockAsync(instanceId, ct);
        WorkflowRunResult result;
        try
        {
            result = await RunAsync(runner => runner.ResumeAsync(state, bookmarkId, input, actor, ct), ct);
        }
        catch (BookmarkNotFoundException)
        {
            throw new ConflictException(Bilingual.Text("这一步已由他人办理完毕，请刷新查看最新状态", "This step has already been completed by someone else; reload to see the current state."));
        }
        await PersistAsync(record, result, ct);
        return result;
    }

    /// <summary>Resumes every bookmark waiting for the signal; nothing happens when none waits (a job that runs twice).</summary>
    public async Task<WorkflowRunResult?> SignalAsync(Guid instanceId, string signal, JsonNode? input, string actor, CancellationToken ct)
    {
        var (record, state) = await LockAsync(instanceId, ct);
        if (!state.Bookmarks.Any(b => b.Kind == BookmarkKind.Signal && b.Name == signal)) return null;
        var result = await RunAsync(runner => runner.SignalAsync(state, signal, input, actor, ct), ct);
        await PersistAsync(record, result, ct);
        return result;
    }

    /// <summary>
    /// Revises a running case's routing (after a re-check): sets the variables and, when the fork whose branches come
    /// from <paramref name="branchesVariable"/> waits at its join, adds the branches there, whose tasks appear at once.
    /// Returns whether branches were added.
    /// </summary>
    public async Task<bool> ActivateBranchesAsync(Guid instanceId, string branchesVariable, IReadOnlyList<string> branches, JsonObject variables, string actor, CancellationToken ct)
    {
        var (record, state) = await LockAsync(instanceId, ct);
        if (!state.IsActive) return false;
        var definition = (await published.CatalogAsync(db, ct)).Get(state.DefinitionId, state.DefinitionVersion);
        var forkActivityId = definition.Activities
            .FirstOrDefault(a => a.Type == ActivityTypes.Fork && a.Inputs["branchesFrom"]?.GetValue<string>() == branchesVariable)?.Id ?? "";
        var activated = false;
        var result = await RunAsync(async runner =>
        {
            (var run, activated) = await runner.ActivateBranchesAsync(state, forkActivityId, branches, variables, actor, ct);
            return run;
        }, ct);
        await PersistAsync(record, result, ct);
        return activated;
    }

    public async Task<WorkflowRunResult> CancelAsync(Guid instanceId, string reason, string actor, CancellationToken ct)
    {
        var (record, state) = await LockAsync(instanceId, ct);
        if (!state.IsActive) throw new ConflictException(Bilingual.Text("案件已办结", "The case has already ended."));
        var result = await RunAsync(runner => runner.CancelAsync(state, reason, actor, ct), ct);
        await PersistAsync(record, result, ct);
        return result;
    }

    /// <summary>
    /// Takes the instance's lock for the rest of the caller's transaction and returns its state: changes to
    /// a case outside a workflow step (an extension, the spatial check's report) queue behind steps this way.
    /// </summary>
    public async Task<WorkflowInstanceState> LockInstanceAsync(Guid instanceId, CancellationToken ct) =>
        (await LockAsync(instanceId, ct)).State;

    public async Task<WorkflowInstanceState?> FindStateAsync(Guid instanceId, CancellationToken ct)
    {
        var json = await db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.Id == instanceId).Select(i => i.State).SingleOrDefaultAsync(ct);
        return json is null ? null : WorkflowInstanceState.FromJson(json);
    }

    private async Task<(WorkflowInstanceRecord Record, WorkflowInstanceState State)> LockAsync(Guid instanceId, CancellationToken ct)
    {
        RequireTransaction();
        // FOR UPDATE waits for a concurrent step to commit and then returns the row as that step left it.
        var record = (await db.Set<WorkflowInstanceRecord>()
            .FromSqlInterpolated($"SELECT * FROM workflow_instances WHERE id = {instanceId} FOR UPDATE")
            .AsNoTracking().ToListAsync(ct)).SingleOrDefault() ?? throw new NotFoundException($"No workflow instance {instanceId}.");
        var tracked = db.ChangeTracker.Entries<WorkflowInstanceRecord>().FirstOrDefault(e => e.Entity.Id == instanceId);
        if (tracked is not null)
        {
            await tracked.ReloadAsync(ct);
            record = tracked.Entity;
        }
        else
        {
            db.Attach(record);
        }
        return (record, WorkflowInstanceState.FromJson(record.State));
    }

    private void RequireTransaction()
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Workflow steps run inside the caller's transaction.");
    }

    private async Task PersistAsync(WorkflowInstanceRecord record, WorkflowRunResult result, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        record.State = result.State.ToJson();
        record.Status = result.State.Status;
        record.UpdatedAt = now;

        foreach (var bookmark in result.CreatedBookmarks)
        {
            db.Set<WorkflowBookmarkRecord>().Add(new WorkflowBookmarkRecord
            {
                Id = bookmark.Id, InstanceId = record.Id, ActivityId = bookmark.ActivityId, Kind = bookmark.Kind,
                Name = bookmark.Name, DueAt = bookmark.DueAt, CreatedAt = bookmark.CreatedAt,
            });
            if (bookmark.Kind == BookmarkKind.HumanTask) AddTask(record, bookmark, now);
            if (bookmark.Kind == BookmarkKind.Timer)
                outbox.Add(OutboxKinds.TimerDue, new Outbox.TimerPayload(record.Id, bookmark.Id), bookmark.DueAt);
        }

        var removedIds = result.RemovedBookmarks.Select(r => r.Bookmark.Id).ToList();
        if (removedIds.Count > 0)
        {
            var removed = await db.Set<WorkflowBookmarkRecord>().Where(b => removedIds.Contains(b.Id)).ToListAsync(ct);
            foreach (var timer in removed.Where(b => b.JobId is not null))
                outbox.Add(OutboxKinds.CancelJob, new Outbox.CancelJobPayload(timer.JobId!));
            db.Set<WorkflowBookmarkRecord>().RemoveRange(removed);
            var cancelledIds = result.RemovedBookmarks.Where(r => r.Reason == BookmarkRemovalReason.Cancelled).Select(r => r.Bookmark.Id).ToList();
            var cancelledTasks = await db.Set<ReviewTask>().Where(t => cancelledIds.Contains(t.BookmarkId) && t.Status == ReviewTaskStatus.Open).ToListAsync(ct);
            foreach (var task in cancelledTasks) task.Cancel(now);
        }

        foreach (var entry in result.Journal)
        {
            db.Set<WorkflowJournalRecord>().Add(new WorkflowJournalRecord
            {
                InstanceId = entry.InstanceId, ActivityId = entry.ActivityId, ActivityType = entry.ActivityType,
                ActivityName = entry.ActivityName, Event = entry.Event.ToString(), Outcomes = string.Join(",", entry.Outcomes),
                Actor = entry.Actor, At = entry.At, Detail = entry.Detail?.ToJsonString(),
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private void AddTask(WorkflowInstanceRecord record, Bookmark bookmark, DateTimeOffset now)
    {
        var spec = bookmark.Payload?.Deserialize<TaskSpec>(JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Human task bookmark of activity {bookmark.ActivityId} carries no task description.");
        var task = new ReviewTask
        {
            Id = Guid.CreateVersion7(), CaseId = spec.CaseId, WorkflowInstanceId = record.Id, BookmarkId = bookmark.Id,
            ActivityId = bookmark.ActivityId, Name = bookmark.Name, Stage = spec.Stage, Level = spec.Level,
            JurisdictionCode = spec.JurisdictionCode, Department = spec.Department, CandidateRole = spec.CandidateRole,
            OrganisationId = spec.OrganisationId, CorrectionRequest = spec.CorrectionRequest,
            CaseNumber = spec.CaseNumber, ProjectName = spec.ProjectName, CountyCode = spec.CountyCode, UseTypes = spec.UseTypes,
            CreatedAt = now, DueOn = spec.DueOn, Status = ReviewTaskStatus.Open,
        };
        task.RemindOn = spec.RemindOn;
        db.Set<ReviewTask>().Add(task);
    }
}
