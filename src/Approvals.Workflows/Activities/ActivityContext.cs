using System.Text.Json.Nodes;
using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities;

/// <summary>Everything an activity may use while it runs. Created by the runner for each execution.</summary>
public sealed class ActivityContext
{
    /// <summary>Creates a context (the runner does this; hosts may in their own activity tests).</summary>
    public ActivityContext(
        Guid instanceId,
        WorkflowDefinition definition,
        ActivityDefinition activity,
        JsonObject variables,
        TimeProvider clock,
        string? actor,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        InstanceId = instanceId;
        Definition = definition;
        Activity = activity;
        Inputs = (JsonObject)activity.Inputs.DeepClone();
        Variables = variables;
        Clock = clock;
        Actor = actor;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The running instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>The definition version the instance runs on.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>The activity being run.</summary>
    public ActivityDefinition Activity { get; }

    /// <summary>A private copy of the activity's configured inputs.</summary>
    public JsonObject Inputs { get; }

    /// <summary>The instance variables; changes are kept in the instance state.</summary>
    public JsonObject Variables { get; }

    /// <summary>The clock; never read the system time directly, so runs stay deterministic.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The current time by <see cref="Clock"/>.</summary>
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Who started or resumed the instance, if known.</summary>
    public string? Actor { get; }

    /// <summary>Host services, for activities that need them.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the host abandons the run (it will retry from the stored state).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The connections leaving this activity.</summary>
    public IReadOnlyList<Connection> OutgoingConnections => Definition.OutgoingFrom(Activity.Id);

    /// <summary>The distinct outcome ports of this activity's outgoing connections, in authoring order.</summary>
    public IReadOnlyList<string> OutgoingOutcomes =>
        OutgoingConnections.Select(c => c.Outcome).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Reads a variable by dotted path (<c>review.result</c>); null when absent.</summary>
    public JsonNode? GetVariable(string path) => VariablePath.Get(Variables, path);

    /// <summary>Writes a variable by dotted path, creating intermediate objects.</summary>
    public void SetVariable(string path, JsonNode? value) => VariablePath.Set(Variables, path, value);

    /// <summary>A string input, or null when absent or not a string.</summary>
    public string? GetInputString(string name) => Inputs.GetString(name);
}
