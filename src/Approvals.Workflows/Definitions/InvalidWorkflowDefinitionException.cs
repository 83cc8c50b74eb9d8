namespace Approvals.Workflows.Definitions;

/// <summary>A definition could not be read or failed validation; <see cref="Errors"/> names each problem and its activity.</summary>
public sealed class InvalidWorkflowDefinitionException(string subject, IReadOnlyList<string> errors)
    : WorkflowException($"Workflow definition {subject} is invalid:{Environment.NewLine} - " + string.Join(Environment.NewLine + " - ", errors))
{
    /// <summary>What was being read (definition id and version, or a file path).</summary>
    public string Subject { get; } = subject;

    /// <summary>One message per problem.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>No published definition has this id (and version).</summary>
public sealed class WorkflowDefinitionNotFoundException(string definitionId, int? version)
    : WorkflowException(version is null
        ? $"No workflow definition '{definitionId}' is published."
        : $"Workflow definition '{definitionId}' version {version} is not published.")
{
    /// <summary>The requested definition id.</summary>
    public string DefinitionId { get; } = definitionId;

    /// <summary>The requested version, or null when the latest was asked for.</summary>
    public int? Version { get; } = version;
}

/// <summary>Publishing would change an immutable published version or go back in version order.</summary>
public sealed class WorkflowPublishException(string message) : WorkflowException(message);
