namespace Approvals.Application.Errors;

/// <summary>A well-formed request that cannot be carried out as asked (HTTP 422), e.g. a reused idempotency key with another body.</summary>
public sealed class UnprocessableException(string message) : Exception(message);
