namespace Approvals.Application.Errors;

/// <summary>The thing asked for does not exist, or the caller may not know that it exists (both answer 404).</summary>
public sealed class NotFoundException(string message) : Exception(message);
