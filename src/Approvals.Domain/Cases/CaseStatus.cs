namespace Approvals.Domain.Cases;

/// <summary>Where a case stands, as the applicant and the reviewers see it.</summary>
public enum CaseStatus
{
    /// <summary>Submitted; waiting for the county window's acceptance check (受理).</summary>
    AwaitingAcceptance = 1,
    /// <summary>Returned to the applicant for correction (补正); the statutory clock is paused.</summary>
    AwaitingCorrection = 2,
    /// <summary>Accepted; the spatial check, joint reviews and forwarding are under way.</summary>
    UnderReview = 3,
    /// <summary>Waiting for the decision at the deciding level.</summary>
    AwaitingDecision = 4,
    Approved = 5,
    Refused = 6,
    /// <summary>The window found the application not acceptable (不予受理).</summary>
    NotAccepted = 7,
    Withdrawn = 8,
}

public static class CaseStatuses
{
    /// <summary>A case in one of these states has ended: no task is open and nothing can change it.</summary>
    public static bool IsClosed(this CaseStatus status) =>
        status is CaseStatus.Approved or CaseStatus.Refused or CaseStatus.NotAccepted or CaseStatus.Withdrawn;
}
