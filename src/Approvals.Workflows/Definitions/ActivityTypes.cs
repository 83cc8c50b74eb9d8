namespace Approvals.Workflows.Definitions;

/// <summary>Type names of the built-in activities (the validator and runner give Start, Fork and Join structural meaning).</summary>
public static class ActivityTypes
{
    /// <summary>Where every instance begins.</summary>
    public const string Start = "Start";

    /// <summary>Ends a path, or the whole instance with <c>"terminate": true</c>.</summary>
    public const string End = "End";

    /// <summary>Activates several branches in parallel under one fork scope.</summary>
    public const string Fork = "Fork";

    /// <summary>Waits for the branches its fork actually activated.</summary>
    public const string Join = "Join";

    /// <summary>Chooses an outcome by comparing a variable to configured cases.</summary>
    public const string Decision = "Decision";

    /// <summary>Writes a variable.</summary>
    public const string SetVariable = "SetVariable";

    /// <summary>Waits until an absolute or relative time.</summary>
    public const string Timer = "Timer";

    /// <summary>Waits for a named signal.</summary>
    public const string Signal = "Signal";
}
