using Approvals.Domain.Cases;

namespace Approvals.Application.Workflows.Activities;

/// <summary>
/// What completing a task hands to the workflow. A decision also carries its final conditions (null: the reviews' conditions
/// and the decider's own, unedited) and a refusal's legal basis (null: the configured default).
/// </summary>
public sealed record TaskCompletion(TaskOutcome Outcome, string? Opinion, string? Conditions, string? By,
    IReadOnlyList<Decisions.DecisionCondition>? FinalConditions = null, string? LegalBasis = null);
