using System.Text.Json.Nodes;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Runtime;

/// <summary>
/// The single entry point of the runtime. Each call takes an instance state, runs activities until every path
/// waits on a bookmark or has ended, and returns the new state with what happened. It never changes the state
/// it is given and keeps nothing between calls, so the host can persist the result in one transaction and
/// simply retry the call after a crash: with the same state and clock the result is the same.
/// </summary>
public sealed class WorkflowRunner
{
    private readonly WorkflowDefinitionCatalog catalog;
    private readonly ActivityRegistry registry;
    private readonly TimeProvider clock;
    private readonly IServiceProvider services;
    private readonly WorkflowRunnerOptions options;

    /// <summary>Creates a runner over published definitions and registered activity types.</summary>
    public WorkflowRunner(
        WorkflowDefinitionCatalog catalog,
        ActivityRegistry registry,
        TimeProvider clock,
        IServiceProvider services,
        WorkflowRunnerOptions? options = null)
    {
        this.catalog = catalog;
        this.registry = registry;
        this.clock = clock;
        this.services = services;
        this.options = options ?? new WorkflowRunnerOptions();
    }

    /// <summary>Starts a new instance (with a fresh id) of a definition version, or of the latest when <paramref name="version"/> is null.</summary>
    public Task<WorkflowRunResult> StartAsync(string definitionId, int? version, JsonObject? input, string? actor, CancellationToken cancellationToken = default) =>
        StartAsync(Guid.NewGuid(), definitionId, version, input, actor, cancellationToken);

    /// <summary>Starts a new instance with an id chosen by the host (so a retried start is repeatable).</summary>
    public async Task<WorkflowRunResult> StartAsync(Guid instanceId, string definitionId, int? version, JsonObject? input, string? actor, CancellationToken cancellationToken = default)
    {
        var definition = version is { } v ? catalog.Get(definitionId, v) : catalog.Latest(definitionId);
        var now = clock.GetUtcNow();
        var state = new WorkflowInstanceState
        {
            InstanceId = instanceId,
            DefinitionId = definition.DefinitionId,
            DefinitionVersion = definition.Version,
            Status = WorkflowStatus.Running,
            Variables = (JsonObject?)input?.DeepClone() ?? new JsonObject(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = new WorkflowRun(state, definition, registry, clock, services, options, actor, cancellationToken);
        run.Schedule(definition.Start.Id, forkScopes: []);
        await run.DrainAsync();
        return run.Finish();
    }

    /// <summary>Resumes one bookmark with an input (e.g. <c>{"outcome":"Approved"}</c>) and runs until the next bookmarks.</summary>
    /// <exception cref="BookmarkNotFoundException">The state holds no such open bookmark (already resumed or cancelled).</exception>
    public async Task<WorkflowRunResult> ResumeAsync(WorkflowInstanceState state, Guid bookmarkId, JsonNode? input, string? actor, CancellationToken cancellationToken = default)
    {
        var run = Open(state, actor, cancellationToken);
        var bookmark = run.State.Bookmarks.Find(b => b.Id == bookmarkId)
            ?? throw new BookmarkNotFoundException(state.InstanceId, bookmarkId);
        await run.ResumeAsync(bookmark, input);
        await run.DrainAsync();
        return run.Finish();
    }

    /// <summary>
    /// Sends a named signal: resumes every open Signal bookmark of that name, oldest first, each as if resumed
    /// in turn. With no matching bookmark the state comes back unchanged and the journal is empty.
    /// </summary>
    public async Task<WorkflowRunResult> SignalAsync(WorkflowInstanceState state, string signalName, JsonNode? input, string? actor, CancellationToken cancellationToken = default)
    {
        var run = Open(state, actor, cancellationToken);
        var matching = run.State.Bookmarks
            .Where(b => b.Kind == BookmarkKind.Signal && b.Name == signalName)
            .OrderBy(b => b.CreatedAt)
            .Select(b => b.Id)
            .ToList();
        if (matching.Count == 0)
        {
            return run.Unchanged();
        }

        foreach (var id in matching)
        {
            // An earlier resume may have ended the instance or cancelled this bookmark.
            if (run.State.Bookmarks.Find(b => b.Id == id) is { } bookmark && run.State.IsActive)
            {
                await run.ResumeAsync(bookmark, input?.DeepClone());
                await run.DrainAsync();
            }
        }

        return run.Finish();
    }

    /// <summary>
    /// Sets variables and, when the fork still waits at its join, starts more of its branches there (see
    /// the run's ActivateBranches); the new branches run until their bookmarks. The second value says whether
    /// branches were added.
    /// </summary>
    public async Task<(WorkflowRunResult Result, bool Activated)> ActivateBranchesAsync(WorkflowInstanceState state, string forkActivityId,
        IReadOnlyList<string> branches, JsonObject? variables, string? actor, CancellationToken cancellationToken = default)
    {
        if (!state.IsActive)
        {
            throw new WorkflowInstanceNotActiveException(state.InstanceId, state.Status);
        }

        var run = Open(state, actor, cancellationToken);
        var activated = branches.Count > 0 && run.ActivateBranches(forkActivityId, branches, variables);
        if (!activated)
        {
            if (variables is { Count: > 0 })
            {
                foreach (var (name, value) in variables) run.State.Variables[name] = value?.DeepClone();
                run.State.UpdatedAt = clock.GetUtcNow();
            }

            return (run.Unchanged(), false);
        }

        await run.DrainAsync();
        return (run.Finish(), true);
    }

    /// <summary>Withdraws the instance: every bookmark is cancelled and the status becomes Cancelled.</summary>
    /// <exception cref="WorkflowInstanceNotActiveException">The instance already finished, faulted or was cancelled.</exception>
    public Task<WorkflowRunResult> CancelAsync(WorkflowInstanceState state, string reason, string? actor, CancellationToken cancellationToken = default)
    {
        if (!state.IsActive)
        {
            throw new WorkflowInstanceNotActiveException(state.InstanceId, state.Status);
        }

        var run = Open(state, actor, cancellationToken);
        run.Cancel(reason);
        return Task.FromResult(run.Finish());
    }

    private WorkflowRun Open(WorkflowInstanceState state, string? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);

        // Work on a copy: the caller's state stays what is stored, so a failed or abandoned run changes nothing.
        var copy = state.Clone();
        var definition = catalog.Get(copy.DefinitionId, copy.DefinitionVersion);
        return new WorkflowRun(copy, definition, registry, clock, services, options, actor, cancellationToken);
    }
}
