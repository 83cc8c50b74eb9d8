using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Cases;

/// <summary>Writes lines of a case's timeline (in the caller's transaction).</summary>
public static class CaseTimeline
{
    public static void Record(ApprovalsDbContext db, Guid caseId, DateTimeOffset at, string actor, string kind,
        string summary, string summaryEn, string? opinion = null, JurisdictionLevel? level = null, string? department = null,
        bool visibleToApplicant = true, string? opinionEn = null) =>
        db.Set<CaseEvent>().Add(new CaseEvent
        {
            CaseId = caseId, At = at, Actor = actor, Kind = kind, Summary = summary, SummaryEn = summaryEn,
            Opinion = opinion, OpinionEn = opinionEn, Level = level, Department = department, VisibleToApplicant = visibleToApplicant,
        });
}
