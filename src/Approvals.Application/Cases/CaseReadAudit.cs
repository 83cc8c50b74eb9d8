using Approvals.Application.Auditing;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;

namespace Approvals.Application.Cases;

/// <summary>
/// A case opened by anyone but its applicant's organisation (staff, administrators) is a security event:
/// the audit trail records who read which case, through what and from where ("CaseRead" on the case).
/// One entry per case per request (scope), so a page that reads a case through two queries costs one insert.
/// </summary>
public sealed class CaseReadAudit(ApprovalsDbContext db, ActorAccessor actorAccessor, IRequestOrigin origin)
{
    public const string Action = "CaseRead";

    private readonly HashSet<Guid> recorded = [];

    /// <summary>Records the read if it is one to record; call it once the actor is known to see the case.</summary>
    /// <param name="via">What was opened: "case" (the case's page or API), "review" (a task's review), "attachment" (a document).</param>
    /// <param name="itemId">The task or document opened, when it is not the case itself.</param>
    public Task RecordAsync(Case c, string via, Guid? itemId, CancellationToken ct) => RecordAsync(c.Id, c.OrganisationId, via, itemId, ct);

    /// <inheritdoc cref="RecordAsync(Case, string, Guid?, CancellationToken)"/>
    /// <param name="organisationId">The applicant's organisation of the case.</param>
    public async Task RecordAsync(Guid caseId, Guid organisationId, string via, Guid? itemId, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        // The system (jobs, the command line) reads cases to work them; the applicant's organisation reads its own.
        if (!actor.IsAuthenticated || actor.IsInRole(Roles.Applicant) && actor.OrganisationId == organisationId) return;
        if (!recorded.Add(caseId)) return;
        await AuditTrail.RecordAsync(db, Action, nameof(Case), caseId.ToString(),
            new { via, itemId, clientAddress = origin.ClientAddress }, ct);
    }
}
