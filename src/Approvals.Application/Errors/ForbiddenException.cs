namespace Approvals.Application.Errors;

/// <summary>The caller is known to the system but may not do this (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
