using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Workflows;

/// <summary>What a human-task bookmark asks for; the case task activity writes it, the host turns it into a task row.</summary>
public sealed record TaskSpec(
    Guid CaseId,
    TaskStage Stage,
    JurisdictionLevel Level,
    string JurisdictionCode,
    Department? Department,
    string CandidateRole,
    Guid? OrganisationId,
    DateOnly DueOn,
    DateOnly RemindOn,
    string? CorrectionRequest,
    string CaseNumber = "",
    string ProjectName = "",
    string CountyCode = "",
    int UseTypes = 0);
