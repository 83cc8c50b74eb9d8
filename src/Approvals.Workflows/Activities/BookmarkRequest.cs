using System.Text.Json.Nodes;
using Approvals.Workflows.Runtime;

namespace Approvals.Workflows.Activities;

/// <summary>
/// A bookmark an activity wants to wait on. The runner gives it an id and records it in the instance state;
/// the host turns HumanTask bookmarks into task rows and Timer bookmarks into scheduled jobs.
/// </summary>
/// <param name="Kind">What resumes it.</param>
/// <param name="Name">For tasks the task kind, for signals the signal name, for timers a label.</param>
/// <param name="Payload">Data the host needs (candidate role, jurisdiction, …); copied into the bookmark.</param>
/// <param name="DueAt">When a timer fires (required for <see cref="BookmarkKind.Timer"/>) or a task falls due.</param>
public sealed record BookmarkRequest(BookmarkKind Kind, string Name, JsonObject? Payload = null, DateTimeOffset? DueAt = null)
{
    /// <summary>A human task bookmark.</summary>
    public static BookmarkRequest HumanTask(string name, JsonObject? payload = null, DateTimeOffset? dueAt = null) =>
        new(BookmarkKind.HumanTask, name, payload, dueAt);

    /// <summary>A timer bookmark due at <paramref name="dueAt"/>.</summary>
    public static BookmarkRequest Timer(string name, DateTimeOffset dueAt, JsonObject? payload = null) =>
        new(BookmarkKind.Timer, name, payload, dueAt);

    /// <summary>A bookmark resumed by the named signal.</summary>
    public static BookmarkRequest Signal(string name, JsonObject? payload = null) =>
        new(BookmarkKind.Signal, name, payload);
}
