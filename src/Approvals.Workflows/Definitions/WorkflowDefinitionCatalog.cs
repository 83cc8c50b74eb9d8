using Approvals.Workflows.Activities;

namespace Approvals.Workflows.Definitions;

/// <summary>
/// Every published version of every definition. Published versions are immutable: republishing the same
/// content is a no-op (so a host can load its folder at every start), changing it is refused, and versions
/// only go up. Safe to share between threads.
/// </summary>
public sealed class WorkflowDefinitionCatalog
{
    private readonly WorkflowDefinitionValidator validator;
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedList<int, WorkflowDefinition>> versionsById = new(StringComparer.Ordinal);

    /// <summary>Creates an empty catalog validating against the activity types of <paramref name="registry"/>.</summary>
    public WorkflowDefinitionCatalog(ActivityRegistry registry)
    {
        validator = new WorkflowDefinitionValidator(registry);
    }

    /// <summary>The latest version of each definition and all older ones, ordered by id then version.</summary>
    public IReadOnlyList<WorkflowDefinition> All
    {
        get
        {
            lock (gate)
            {
                return versionsById.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Values).ToList();
            }
        }
    }

    /// <summary>
    /// Validates and publishes a definition version. Returns true when it was new, false when exactly this
    /// content was already published under the same id and version.
    /// </summary>
    /// <exception cref="InvalidWorkflowDefinitionException">The definition fails validation.</exception>
    /// <exception cref="WorkflowPublishException">The version exists with other content, or is lower than the latest.</exception>
    public bool Publish(WorkflowDefinition definition) => Publish(definition, subject: null);

    /// <summary>Reads every <c>*.json</c> file of a folder (one definition version per file) and publishes them in version order.</summary>
    /// <returns>How many versions were newly published.</returns>
    public int PublishFolder(string folder)
    {
        var loaded = Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Definition: WorkflowDefinitionJson.ReadFile(path)))
            .OrderBy(f => f.Definition.DefinitionId, StringComparer.Ordinal)
            .ThenBy(f => f.Definition.Version)
            .ToList();
        return loaded.Count(f => Publish(f.Definition, $"{f.Path} ('{f.Definition.DefinitionId}' v{f.Definition.Version})"));
    }

    /// <summary>A published version.</summary>
    /// <exception cref="WorkflowDefinitionNotFoundException">Not published.</exception>
    public WorkflowDefinition Get(string definitionId, int version) =>
        TryGet(definitionId, version) ?? throw new WorkflowDefinitionNotFoundException(definitionId, version);

    /// <summary>A published version, or null.</summary>
    public WorkflowDefinition? TryGet(string definitionId, int version)
    {
        lock (gate)
        {
            return versionsById.TryGetValue(definitionId, out var versions) ? versions.GetValueOrDefault(version) : null;
        }
    }

    /// <summary>The highest published version of a definition.</summary>
    /// <exception cref="WorkflowDefinitionNotFoundException">No version is published.</exception>
    public WorkflowDefinition Latest(string definitionId)
    {
        lock (gate)
        {
            return versionsById.TryGetValue(definitionId, out var versions) && versions.Count > 0
                ? versions.Values[^1]
                : throw new WorkflowDefinitionNotFoundException(definitionId, null);
        }
    }

    private bool Publish(WorkflowDefinition definition, string? subject)
    {
        ArgumentNullException.ThrowIfNull(definition);
        validator.EnsureValid(definition, subject);

        // Keep a private copy so later changes to the caller's objects cannot alter a published version.
        var copy = WorkflowDefinitionJson.Parse(WorkflowDefinitionJson.Serialize(definition, indented: false), subject);
        lock (gate)
        {
            if (!versionsById.TryGetValue(copy.DefinitionId, out var versions))
            {
                versionsById[copy.DefinitionId] = versions = new SortedList<int, WorkflowDefinition>();
            }

            if (versions.TryGetValue(copy.Version, out var published))
            {
                return WorkflowDefinitionJson.SameContent(published, copy)
                    ? false
                    : throw new WorkflowPublishException(
                        $"Workflow definition '{copy.DefinitionId}' version {copy.Version} is already published with different content; published versions are immutable, publish version {versions.Keys[^1] + 1} instead.");
            }

            if (versions.Count > 0 && copy.Version < versions.Keys[^1])
            {
                throw new WorkflowPublishException(
                    $"Workflow definition '{copy.DefinitionId}' version {copy.Version} is lower than the latest published version {versions.Keys[^1]}.");
            }

            versions.Add(copy.Version, copy);
            return true;
        }
    }
}
