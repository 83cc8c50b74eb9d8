using Approvals.Workflows.Activities.BuiltIn;

namespace Approvals.Workflows.Activities;

/// <summary>Maps activity type names to implementations: the built-ins plus whatever the host registers.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, IActivity> byType = new(StringComparer.Ordinal);

    /// <summary>A registry holding Start, End, Fork, Join, Decision, SetVariable, Timer and Signal.</summary>
    public static ActivityRegistry WithBuiltIns() =>
        new ActivityRegistry()
            .Register(new StartActivity())
            .Register(new EndActivity())
            .Register(new ForkActivity())
            .Register(new JoinActivity())
            .Register(new DecisionActivity())
            .Register(new SetVariableActivity())
            .Register(new TimerActivity())
            .Register(new SignalActivity());

    /// <summary>The registered type names.</summary>
    public IReadOnlyCollection<string> Types => byType.Keys;

    /// <summary>Adds an activity type; a type name can be registered once.</summary>
    public ActivityRegistry Register(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            throw new ArgumentException($"{activity.GetType().Name} has no type name.", nameof(activity));
        }

        if (!byType.TryAdd(activity.Type, activity))
        {
            throw new InvalidOperationException($"Activity type '{activity.Type}' is already registered ({byType[activity.Type].GetType().Name}).");
        }

        return this;
    }

    /// <summary>True when the type is registered.</summary>
    public bool Contains(string type) => byType.ContainsKey(type);

    /// <summary>The implementation of a type, or null.</summary>
    public IActivity? Find(string type) => byType.GetValueOrDefault(type);
}
