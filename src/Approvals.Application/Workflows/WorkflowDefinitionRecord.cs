namespace Approvals.Application.Workflows;

/// <summary>
/// A published definition version, kept in the database so an instance can always be resumed on the
/// version it started with, even after the file in workflows/ has moved on.
/// </summary>
public sealed class WorkflowDefinitionRecord
{
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string Json { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
}
