namespace Approvals.Application.Errors;

/// <summary>The request lost a race or contradicts the current state; retrying as it is will not help (409).</summary>
public sealed class ConflictException(string message) : Exception(message);
