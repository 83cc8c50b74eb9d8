using System.Text.Json.Nodes;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Workflows;

/// <summary>
/// The catalog of published workflow definitions. On first use it publishes the definition files of the
/// rules folder into the database (a version, once published, may not change: a changed file must carry
/// a new version) and loads every version ever published, so old instances keep their graph.
/// </summary>
public sealed class PublishedWorkflows(RulesBook rules, ActivityRegistry registry, TimeProvider clock)
{
    /// <summary>How long a node trusts its catalog before asking the database whether another node published.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WorkflowDefinitionCatalog? _catalog;
    private long _checkedAt;

    public ActivityRegistry Registry => registry;

    /// <param name="refresh">Ask the database now (a definition version was not found).</param>
    public async Task<WorkflowDefinitionCatalog> CatalogAsync(ApprovalsDbContext db, CancellationToken ct, bool refresh = false)
    {
        if (_catalog is not null && !refresh && clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)) < RefreshInterval) return _catalog;
        // Another node may have published a version since: one cheap count tells.
        if (_catalog is not null && _catalog.All.Count == await db.Set<WorkflowDefinitionRecord>().CountAsync(ct))
        {
            Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
            return _catalog;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_catalog is null)
            {
                await PublishFilesAsync(db, ct);
                _catalog = new WorkflowDefinitionCatalog(registry);
            }
            var known = _catalog.All.Select(d => (d.DefinitionId, d.Version)).ToHashSet();
            var stored = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
                .OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(ct);
            foreach (var record in stored.Where(r => !known.Contains((r.DefinitionId, r.Version))))
                _catalog.Publish(WorkflowDefinitionJson.Parse(record.Json, $"{record.DefinitionId} v{record.Version} (database)"));
            Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
            return _catalog;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Publishes one definition version: stored in the database, then added to the catalog. A version
    /// already published with the same content is accepted again; with other content it is refused.
    /// </summary>
    public async Task<bool> PublishAsync(ApprovalsDbContext db, WorkflowDefinition definition, string subject, CancellationToken ct)
    {
        var catalog = await CatalogAsync(db, ct);
        new WorkflowDefinitionValidator(registry).EnsureValid(definition, subject);
        await StoreAsync(db, definition, subject, ct);
        return catalog.Publish(definition);
    }

    /// <summary>The definition files of the rules folder: JSON files whose root names a definitionId.</summary>
    public static IEnumerable<string> DefinitionFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .Where(path => JsonNode.Parse(File.ReadAllText(path)) is JsonObject o && o.ContainsKey("definitionId") && o.ContainsKey("activities"))
            .Order(StringComparer.Ordinal);

    private static Task<WorkflowDefinitionRecord?> FindAsync(ApprovalsDbContext db, WorkflowDefinition definition, CancellationToken ct) =>
        db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.DefinitionId == definition.DefinitionId && d.Version == definition.Version, ct);

    private async Task PublishFilesAsync(ApprovalsDbContext db, CancellationToken ct)
    {
        var validator = new WorkflowDefinitionValidator(registry);
        foreach (var path in DefinitionFiles(rules.Folder))
        {
            var definition = WorkflowDefinitionJson.ReadFile(path);
            validator.EnsureValid(definition, path);
            await StoreAsync(db, definition, path, ct);
        }
    }

    private async Task StoreAsync(ApprovalsDbContext db, WorkflowDefinition definition, string subject, CancellationToken ct)
    {
        var json = WorkflowDefinitionJson.Serialize(definition);
        var stored = await FindAsync(db, definition, ct);
        if (stored is null)
        {
            db.Set<WorkflowDefinitionRecord>().Add(new WorkflowDefinitionRecord
            {
                DefinitionId = definition.DefinitionId, Version = definition.Version, Name = definition.Name,
                Json = json, PublishedAt = clock.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node published the same version at the same moment; compare with theirs below.
                db.ChangeTracker.Clear();
            }
            stored = await FindAsync(db, definition, ct);
        }
        if (stored is null) throw new InvalidOperationException($"{subject}: could not publish '{definition.DefinitionId}' v{definition.Version}.");
        if (!WorkflowDefinitionJson.SameContent(WorkflowDefinitionJson.Parse(stored.Json), definition))
            throw new WorkflowPublishException(
                $"{subject}: version {definition.Version} of '{definition.DefinitionId}' was already published with other content; publish the change as a new version.");
    }
}
