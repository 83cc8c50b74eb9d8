using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Runtime;

/// <summary>
/// One run over one (copied) instance state: a FIFO queue of tokens to execute, plus the changes to report.
/// FIFO order and counter-derived ids keep the run deterministic for a given state and clock.
/// </summary>
internal sealed class WorkflowRun(
    WorkflowInstanceState state,
    WorkflowDefinition definition,
    ActivityRegistry registry,
    TimeProvider clock,
    IServiceProvider services,
    WorkflowRunnerOptions options,
    string? actor,
    CancellationToken cancellationToken)
{
    private readonly Queue<WorkflowToken> pending = new();
    private readonly List<Bookmark> created = [];
    private readonly List<RemovedBookmark> removed = [];
    private readonly List<JournalEntry> journal = [];
    private int executions;

    public WorkflowInstanceState State => state;

    public void Schedule(string activityId, IEnumerable<Guid> forkScopes) =>
        pending.Enqueue(new WorkflowToken { Id = NextId(), ActivityId = activityId, ForkScopes = forkScopes.ToList() });

    public async Task DrainAsync()
    {
        while (state.Status == WorkflowStatus.Running && pending.TryDequeue(out var token))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (definition.FindActivity(token.ActivityId) is not { } activity)
            {
                Fault(null, $"Activity '{token.ActivityId}' does not exist in '{definition.DefinitionId}' v{definition.Version}.");
                return;
            }

            if (!CountExecution(activity))
            {
                return;
            }

            var result = await InvokeAsync(activity, implementation => implementation.ExecuteAsync(Context(activity)));
            Apply(token, activity, result, resumed: null);
        }
    }

    public async Task ResumeAsync(Bookmark bookmark, JsonNode? input)
    {
        cancellationToken.ThrowIfCancellationRequested();
        state.Status = WorkflowStatus.Running;
        RemoveBookmark(bookmark, BookmarkRemovalReason.Consumed);

        // The bookmarks of one token are alternatives (e.g. a task and its deadline timer): the first resumed wins.
        foreach (var sibling in state.Bookmarks.Where(b => b.TokenId == bookmark.TokenId).ToList())
        {
            RemoveBookmark(sibling, BookmarkRemovalReason.Cancelled);
        }

        var token = state.Tokens.Find(t => t.Id == bookmark.TokenId);
        var activity = definition.FindActivity(bookmark.ActivityId);
        if (token is null || activity is null)
        {
            Fault(activity, $"bookmark {bookmark.Id} points to no waiting position (token {bookmark.TokenId}); the stored state is inconsistent.");
            return;
        }

        state.Tokens.Remove(token);
        if (!CountExecution(activity))
        {
            return;
        }

        var result = await InvokeAsync(activity, implementation => implementation.ResumeAsync(Context(activity), bookmark, input));
        Apply(token, activity, result, bookmark);
    }

    /// <summary>
    /// Adds branches to the open scope of a fork that is still waiting at its join (e.g. a review that became
    /// required while the others are under way): the join then waits for them too. Returns false when the fork has
    /// no open scope (its join completed, or it never ran), so there is nothing to add to.
    /// </summary>
    public bool ActivateBranches(string forkActivityId, IReadOnlyList<string> branches, JsonObject? variables)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, value) in variables ?? [])
        {
            state.Variables[name] = value?.DeepClone();
        }

        var scope = state.ForkScopes.LastOrDefault(s => s.ForkActivityId == forkActivityId);
        var waiting = scope is null ? null : state.Tokens.FirstOrDefault(t => t.ForkScopes.Contains(scope.Id));
        if (scope is null || waiting is null || definition.FindActivity(forkActivityId) is not { } fork)
        {
            return false;
        }

        var outgoing = definition.OutgoingFrom(forkActivityId);
        var targets = branches.Distinct(StringComparer.Ordinal).SelectMany(b => outgoing.Where(c => c.Outcome == b)).ToList();
        if (targets.Count == 0)
        {
            return false;
        }

        state.Status = WorkflowStatus.Running;
        scope.Expected += targets.Count;
        Journal(fork, JournalEvent.Completed, targets.Select(t => t.Outcome).ToList(),
            new JsonObject { ["forkScope"] = scope.Id.ToString(), ["expected"] = scope.Expected, ["added"] = true });
        var inner = waiting.ForkScopes.GetRange(0, waiting.ForkScopes.IndexOf(scope.Id) + 1);
        foreach (var target in targets)
        {
            Schedule(target.To, inner);
        }

        return true;
    }

    public void Cancel(string reason)
    {
        EndEverything(WorkflowStatus.Cancelled);
        Journal(null, JournalEvent.Cancelled, [], new JsonObject { ["reason"] = reason });
    }

    public WorkflowRunResult Finish()
    {
        if (state.Status == WorkflowStatus.Running)
        {
            if (state.Tokens.Count > 0)
            {
                state.Status = WorkflowStatus.Suspended;
            }
            else if (state.ForkScopes.FirstOrDefault(s => s.Arrived > 0) is { } stuck)
            {
                Fault(null, $"Join '{stuck.JoinActivityId}' waits for {stuck.Expected - stuck.Arrived} more of the {stuck.Expected} branches of Fork '{stuck.ForkActivityId}', but no path is active any more.");
            }
            else
            {
                state.ForkScopes.Clear();
                state.Status = WorkflowStatus.Finished;
                Journal(null, JournalEvent.Finished, [], null);
            }
        }

        state.UpdatedAt = clock.GetUtcNow();
        return new WorkflowRunResult(state, created.ToList(), removed.ToList(), journal.ToList());
    }

    public WorkflowRunResult Unchanged() => new(state, [], [], []);

    private void Apply(WorkflowToken token, ActivityDefinition activity, ActivityResult? result, Bookmark? resumed)
    {
        switch (result)
        {
            case CompleteResult complete:
                Journal(activity, resumed is null ? JournalEvent.Completed : JournalEvent.Resumed, complete.Outcomes, ResumeDetail(resumed));
                Continue(token.ForkScopes, activity, complete.Outcomes);
                break;
            case SuspendResult suspend:
                Suspend(token, activity, suspend, resumed);
                break;
            case FaultResult fault:
                Fault(activity, fault.Message);
                break;
            case ForkResult fork:
                Fork(token, activity, fork, resumed);
                break;
            case JoinResult:
                Join(token, activity);
                break;
            case EndResult end:
                End(activity, end.Terminate);
                break;
            default:
                Fault(activity, $"returned an unsupported result ({result?.GetType().Name ?? "null"}).");
                break;
        }
    }

    private void Continue(List<Guid> forkScopes, ActivityDefinition activity, IReadOnlyList<string> outcomes)
    {
        var outgoing = definition.OutgoingFrom(activity.Id);
        if (outgoing.Count == 0)
        {
            return; // The path ends here; the instance finishes once no path is left.
        }

        // An outcome without a connection is a definition or activity bug; ending the path silently could finish a case by accident.
        var distinct = outcomes.Distinct(StringComparer.Ordinal).ToList();
        var missing = distinct.Where(o => outgoing.All(c => c.Outcome != o)).ToList();
        if (missing.Count > 0)
        {
            Fault(activity, $"completed with outcome '{string.Join("', '", missing)}' but has no connection for it (its outcomes: {Ports(outgoing)}).");
            return;
        }

        foreach (var connection in distinct.SelectMany(o => outgoing.Where(c => c.Outcome == o)))
        {
            Schedule(connection.To, forkScopes);
        }
    }

    private void Suspend(WorkflowToken token, ActivityDefinition activity, SuspendResult suspend, Bookmark? resumed)
    {
        if (suspend.Bookmarks.Count == 0)
        {
            Fault(activity, "suspended without any bookmark, so nothing could ever resume it.");
            return;
        }

        if (suspend.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.Timer && b.DueAt is null) is { } undated)
        {
            Fault(activity, $"timer bookmark '{undated.Name}' has no due time.");
            return;
        }

        var now = clock.GetUtcNow();
        var bookmarks = suspend.Bookmarks.Select(request => new Bookmark
        {
            Id = NextId(),
            ActivityId = activity.Id,
            TokenId = token.Id,
            Kind = request.Kind,
            Name = request.Name,
            Payload = (JsonObject?)request.Payload?.DeepClone(),
            DueAt = request.DueAt,
            CreatedAt = now,
        }).ToList();
        state.Tokens.Add(token);
        state.Bookmarks.AddRange(bookmarks);
        created.AddRange(bookmarks);

        var detail = ResumeDetail(resumed) ?? new JsonObject();
        detail["bookmarks"] = new JsonArray(bookmarks.Select(b => (JsonNode)new JsonObject
        {
            ["id"] = b.Id.ToString(),
            ["kind"] = b.Kind.ToString(),
            ["name"] = b.Name,
            ["dueAt"] = b.DueAt?.ToString("O"),
        }).ToArray());
        Journal(activity, JournalEvent.Suspended, [], detail);
    }

    private void Fork(WorkflowToken token, ActivityDefinition activity, ForkResult fork, Bookmark? resumed)
    {
        var outgoing = definition.OutgoingFrom(activity.Id);
        var branches = fork.Branches.Distinct(StringComparer.Ordinal).ToList();
        if (branches.Count == 0)
        {
            Fault(activity, "activated no branch, so its join could never complete.");
            return;
        }

        var missing = branches.Where(b => outgoing.All(c => c.Outcome != b)).ToList();
        if (missing.Count > 0)
        {
            Fault(activity, $"has no branch named '{string.Join("', '", missing)}' (its branches: {Ports(outgoing)}).");
            return;
        }

        var targets = branches.SelectMany(b => outgoing.Where(c => c.Outcome == b)).ToList();
        var scope = new ForkScope { Id = NextId(), ForkActivityId = activity.Id, Expected = targets.Count };
        state.ForkScopes.Add(scope);

        var detail = ResumeDetail(resumed) ?? new JsonObject();
        detail["forkScope"] = scope.Id.ToString();
        detail["expected"] = scope.Expected;
        Journal(activity, resumed is null ? JournalEvent.Completed : JournalEvent.Resumed, branches, detail);

        List<Guid> inner = [.. token.ForkScopes, scope.Id];
        foreach (var target in targets)
        {
            Schedule(target.To, inner);
        }
    }

    private void Join(WorkflowToken token, ActivityDefinition activity)
    {
        if (token.ForkScopes.Count == 0)
        {
            // Not inside a fork (e.g. two decision paths merging): nothing to wait for.
            Journal(activity, JournalEvent.Completed, [Connection.DefaultOutcome], new JsonObject { ["passThrough"] = true });
            Continue(token.ForkScopes, activity, [Connection.DefaultOutcome]);
            return;
        }

        var scopeId = token.ForkScopes[^1];
        if (state.ForkScopes.Find(s => s.Id == scopeId) is not { } scope)
        {
            Fault(activity, $"the arriving branch belongs to fork scope {scopeId}, which is not open.");
            return;
        }

        if (scope.JoinActivityId is { } other && other != activity.Id)
        {
            Fault(activity, $"the branches of Fork '{scope.ForkActivityId}' arrive at different joins ('{other}' and '{activity.Id}').");
            return;
        }

        scope.JoinActivityId = activity.Id;
        scope.Arrived++;
        var detail = new JsonObject { ["forkScope"] = scope.Id.ToString(), ["arrived"] = scope.Arrived, ["expected"] = scope.Expected };
        if (scope.Arrived < scope.Expected)
        {
            Journal(activity, JournalEvent.Waiting, [], detail);
            return;
        }

        state.ForkScopes.Remove(scope);
        Journal(activity, JournalEvent.Completed, [Connection.DefaultOutcome], detail);
        Continue(token.ForkScopes.GetRange(0, token.ForkScopes.Count - 1), activity, [Connection.DefaultOutcome]);
    }

    private void End(ActivityDefinition activity, bool terminate)
    {
        Journal(activity, JournalEvent.Ended, [], terminate ? new JsonObject { ["terminate"] = true } : null);
        if (terminate)
        {
            EndEverything(WorkflowStatus.Finished);
            Journal(null, JournalEvent.Finished, [], new JsonObject { ["terminatedBy"] = activity.Id });
        }
    }

    private void Fault(ActivityDefinition? activity, string message)
    {
        EndEverything(WorkflowStatus.Faulted);
        state.FaultMessage = activity is null ? message : $"Activity '{activity.Id}' ({activity.Type}) faulted: {message}";
        Journal(activity, JournalEvent.Faulted, [], new JsonObject { ["message"] = state.FaultMessage });
    }

    /// <summary>Stops every path: no waiting position, no open join, no bookmark left for the host to act on.</summary>
    private void EndEverything(WorkflowStatus status)
    {
        foreach (var bookmark in state.Bookmarks.ToList())
        {
            RemoveBookmark(bookmark, BookmarkRemovalReason.Cancelled);
        }

        pending.Clear();
        state.Tokens.Clear();
        state.ForkScopes.Clear();
        state.Status = status;
    }

    private void RemoveBookmark(Bookmark bookmark, BookmarkRemovalReason reason)
    {
        state.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);

        // Report net changes: a bookmark born and gone within this run never concerns the host.
        if (created.RemoveAll(b => b.Id == bookmark.Id) == 0)
        {
            removed.Add(new RemovedBookmark(bookmark, reason));
        }
    }

    private bool CountExecution(ActivityDefinition activity)
    {
        if (executions >= options.MaxActivityExecutionsPerRun)
        {
            Fault(null, $"Run stopped after {executions} activity executions without waiting on a bookmark (next was activity '{activity.Id}'); the workflow probably loops forever.");
            return false;
        }

        executions++;
        return true;
    }

    private async ValueTask<ActivityResult?> InvokeAsync(ActivityDefinition activity, Func<IActivity, ValueTask<ActivityResult>> call)
    {
        if (registry.Find(activity.Type) is not { } implementation)
        {
            return ActivityResult.Fault($"activity type '{activity.Type}' is not registered.");
        }

        try
        {
            return await call(implementation);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // The host abandoned the run; it retries from the stored state.
        }
        catch (Exception ex)
        {
            return ActivityResult.Fault($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private ActivityContext Context(ActivityDefinition activity) =>
        new(state.InstanceId, definition, activity, state.Variables, clock, actor, services, cancellationToken);

    private void Journal(ActivityDefinition? activity, JournalEvent journalEvent, IReadOnlyList<string> outcomes, JsonObject? detail) =>
        journal.Add(new JournalEntry(state.InstanceId, activity?.Id, activity?.Type, activity?.Name, journalEvent, outcomes.ToList(), actor, clock.GetUtcNow(), detail));

    private static JsonObject? ResumeDetail(Bookmark? resumed) => resumed is null
        ? null
        : new JsonObject { ["bookmarkId"] = resumed.Id.ToString(), ["bookmarkKind"] = resumed.Kind.ToString(), ["bookmarkName"] = resumed.Name };

    private static string Ports(IEnumerable<Connection> connections) =>
        string.Join(", ", connections.Select(c => c.Outcome).Distinct(StringComparer.Ordinal));

    /// <summary>A deterministic id: a hash of the instance id and a counter kept in the state.</summary>
    private Guid NextId()
    {
        Span<byte> seed = stackalloc byte[24];
        state.InstanceId.TryWriteBytes(seed);
        BinaryPrimitives.WriteInt64LittleEndian(seed[16..], state.IdSequence++);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(seed, hash);
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80); // version 8 (custom), variant RFC 4122
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
