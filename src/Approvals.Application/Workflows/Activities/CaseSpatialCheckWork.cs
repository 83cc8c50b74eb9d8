namespace Approvals.Application.Workflows.Activities;

/// <summary>The outbox payload of a case's spatial check: which case to check and which instance to signal when done.</summary>
public sealed record CaseSpatialCheckWork(Guid CaseId, Guid InstanceId);
