using Approvals.Domain.Cases;

namespace Approvals.Application.Workflows.Activities;

/// <summary>What completing a task hands to the workflow.</summary>
public sealed record TaskCompletion(TaskOutcome Outcome, string? Opinion, string? Conditions, string? By);
