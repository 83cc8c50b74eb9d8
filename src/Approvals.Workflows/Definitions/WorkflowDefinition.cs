using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Approvals.Workflows.Definitions;

/// <summary>
/// One version of a flowchart workflow: activities joined by connections from an outcome port to a target.
/// Treat it as immutable once published (see <see cref="WorkflowDefinitionCatalog"/>).
/// </summary>
public sealed class WorkflowDefinition
{
    private Dictionary<string, ActivityDefinition>? activitiesById;
    private Dictionary<string, List<Connection>>? outgoingByActivity;

    /// <summary>Stable identifier shared by all versions, e.g. <c>joint-preapproval</c>.</summary>
    public string DefinitionId { get; init; } = "";

    /// <summary>Version number, 1 or higher; instances stay on the version they started on.</summary>
    public int Version { get; init; }

    /// <summary>Display name (may be Chinese).</summary>
    public string Name { get; init; } = "";

    /// <summary>Optional longer description.</summary>
    public string? Description { get; init; }

    /// <summary>The name for English readers; null shows <see cref="Name"/>.</summary>
    public string? NameEn { get; init; }

    /// <summary>The description for English readers; null shows <see cref="Description"/>.</summary>
    public string? DescriptionEn { get; init; }

    /// <summary>The name a reader of the language sees.</summary>
    public string DisplayName(bool english) => english && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;

    /// <summary>The description a reader of the language sees.</summary>
    public string? DisplayDescription(bool english) => english && !string.IsNullOrWhiteSpace(DescriptionEn) ? DescriptionEn : Description;

    /// <summary>The activities, in authoring order.</summary>
    public IReadOnlyList<ActivityDefinition> Activities { get; init; } = [];

    /// <summary>The connections between activity ports.</summary>
    public IReadOnlyList<Connection> Connections { get; init; } = [];

    /// <summary>The single Start activity (a validated definition has exactly one).</summary>
    [JsonIgnore]
    public ActivityDefinition Start =>
        Activities.FirstOrDefault(a => a.Type == ActivityTypes.Start)
        ?? throw new InvalidOperationException($"Workflow '{DefinitionId}' v{Version} has no Start activity.");

    /// <summary>The activity with this id, or null.</summary>
    public ActivityDefinition? FindActivity(string activityId)
    {
        activitiesById ??= BuildActivityIndex();
        return activitiesById.GetValueOrDefault(activityId);
    }

    /// <summary>The connections leaving an activity, in authoring order.</summary>
    public IReadOnlyList<Connection> OutgoingFrom(string activityId)
    {
        outgoingByActivity ??= Connections.GroupBy(c => c.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return outgoingByActivity.TryGetValue(activityId, out var list) ? list : [];
    }

    /// <summary>The connections entering an activity, in authoring order.</summary>
    public IReadOnlyList<Connection> IncomingTo(string activityId) =>
        Connections.Where(c => c.To == activityId).ToList();

    private Dictionary<string, ActivityDefinition> BuildActivityIndex()
    {
        // First wins: duplicates are a validation error, but lookups must not throw before validation reports it.
        var index = new Dictionary<string, ActivityDefinition>(StringComparer.Ordinal);
        foreach (var activity in Activities)
        {
            index.TryAdd(activity.Id, activity);
        }

        return index;
    }
}

/// <summary>One activity in a definition: which type runs it, its display name and its configured inputs.</summary>
public sealed class ActivityDefinition
{
    /// <summary>Unique within the definition; connections refer to it.</summary>
    public string Id { get; init; } = "";

    /// <summary>The activity type, resolved through the <see cref="Activities.ActivityRegistry"/>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Display name (may be Chinese); defaults to the id.</summary>
    public string Name { get; init; } = "";

    /// <summary>The name for English readers; null: the standard English name of what the activity does (<c>ActivityNames</c>).</summary>
    public string? NameEn { get; init; }

    /// <summary>Type-specific configuration. Activities receive a copy, so they cannot alter the published definition.</summary>
    public JsonObject Inputs { get; init; } = new();
}

/// <summary>A directed connection from an outcome port of one activity to another activity.</summary>
public sealed class Connection
{
    /// <summary>The outcome used when none is named.</summary>
    public const string DefaultOutcome = "Done";

    /// <summary>Source activity id.</summary>
    public string From { get; init; } = "";

    /// <summary>The source's outcome port this connection leaves from.</summary>
    public string Outcome { get; init; } = DefaultOutcome;

    /// <summary>Target activity id.</summary>
    public string To { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{From} -[{Outcome}]-> {To}";
}
