using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Approvals.Workflows.Runtime;

/// <summary>Lifecycle of an instance.</summary>
public enum WorkflowStatus
{
    /// <summary>Activities are executing (only seen inside a run).</summary>
    Running,

    /// <summary>Every active path waits on a bookmark.</summary>
    Suspended,

    /// <summary>Every path ended, or an End terminated the instance.</summary>
    Finished,

    /// <summary>Withdrawn through <see cref="WorkflowRunner.CancelAsync"/>.</summary>
    Cancelled,

    /// <summary>An activity faulted or the run was stopped; see <see cref="WorkflowInstanceState.FaultMessage"/>.</summary>
    Faulted,
}

/// <summary>
/// The whole state of one instance as plain data. The host stores it (e.g. as jsonb with a version column for
/// optimistic concurrency) and hands it back for the next run; nothing about an instance lives anywhere else.
/// </summary>
public sealed class WorkflowInstanceState
{
    /// <summary>Instance id.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>Definition id.</summary>
    public string DefinitionId { get; set; } = "";

    /// <summary>The definition version this instance runs on, whatever is published later.</summary>
    public int DefinitionVersion { get; set; }

    /// <summary>Lifecycle status.</summary>
    public WorkflowStatus Status { get; set; }

    /// <summary>Instance variables (the start input, plus whatever activities write).</summary>
    public JsonObject Variables { get; set; } = new();

    /// <summary>Active positions: each waits at an activity on that activity's bookmarks.</summary>
    public List<WorkflowToken> Tokens { get; set; } = [];

    /// <summary>Open bookmarks.</summary>
    public List<Bookmark> Bookmarks { get; set; } = [];

    /// <summary>Join bookkeeping: forks whose join has not completed yet.</summary>
    public List<ForkScope> ForkScopes { get; set; } = [];

    /// <summary>Why the instance faulted.</summary>
    public string? FaultMessage { get; set; }

    /// <summary>When the instance was started.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a run last changed the instance.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Counter for the ids the runner hands out (tokens, scopes, bookmarks). Ids derive from the instance id and
    /// this counter, so re-running the same step on the same stored state yields the same ids.
    /// </summary>
    public long IdSequence { get; set; }

    /// <summary>True while the instance can still be resumed or cancelled.</summary>
    [JsonIgnore]
    public bool IsActive => Status is WorkflowStatus.Running or WorkflowStatus.Suspended;

    /// <summary>Serializes with <see cref="WorkflowJson.Options"/>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, WorkflowJson.Options);

    /// <summary>Reads state written by <see cref="ToJson"/>.</summary>
    public static WorkflowInstanceState FromJson(string json) =>
        JsonSerializer.Deserialize<WorkflowInstanceState>(json, WorkflowJson.Options)
        ?? throw new JsonException("Workflow instance state is null.");

    /// <summary>A deep copy (through JSON, which also proves the state is serializable).</summary>
    public WorkflowInstanceState Clone() => FromJson(ToJson());

    /// <summary>The activities where the instance currently waits (for "where is the case" views).</summary>
    public IReadOnlyList<string> ActiveActivityIds() => Tokens.Select(t => t.ActivityId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>An active position in the flowchart.</summary>
public sealed class WorkflowToken
{
    /// <summary>Token id; bookmarks point to the token they belong to.</summary>
    public Guid Id { get; set; }

    /// <summary>The activity the token is at.</summary>
    public string ActivityId { get; set; } = "";

    /// <summary>The fork scopes the token was created under, outermost first.</summary>
    public List<Guid> ForkScopes { get; set; } = [];
}

/// <summary>One fork's open scope: how many branches it activated and how many have reached the join.</summary>
public sealed class ForkScope
{
    /// <summary>Scope id, carried by the tokens of its branches.</summary>
    public Guid Id { get; set; }

    /// <summary>The fork that opened it.</summary>
    public string ForkActivityId { get; set; } = "";

    /// <summary>Branches actually activated.</summary>
    public int Expected { get; set; }

    /// <summary>Branches that have reached the join.</summary>
    public int Arrived { get; set; }

    /// <summary>The join the first branch arrived at; all branches must meet there.</summary>
    public string? JoinActivityId { get; set; }
}
