namespace Approvals.Workflows;

/// <summary>Base of every exception the workflow runtime throws on purpose, so a host can map them in one place.</summary>
public abstract class WorkflowException(string message) : Exception(message);
