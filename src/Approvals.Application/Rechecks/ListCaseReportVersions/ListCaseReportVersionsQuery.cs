using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rechecks.ListCaseReportVersions;

/// <summary>Every comparison report a case has had, newest (the current one) first, for whoever may see the case.</summary>
public sealed record ListCaseReportVersionsQuery(Guid CaseId) : IQuery<IReadOnlyList<CaseReportVersionRow>>;

/// <param name="SpatialCheckId">The stored check: its report at /spatial-checks/{id}, /api/spatial-checks/{id}.</param>
/// <param name="Current">True for the newest version, the one the case is reviewed on.</param>
public sealed record CaseReportVersionRow(int Number, string Reason, string ReasonName, string ReasonNameEn, Guid SpatialCheckId, DateTimeOffset CreatedAt,
    string? CategoryCode, IReadOnlyList<string> Differences, IReadOnlyList<string> DifferencesEn, bool Current);

public sealed class ListCaseReportVersionsHandler(ApprovalsDbContext db, ActorAccessor actor)
    : IQueryHandler<ListCaseReportVersionsQuery, IReadOnlyList<CaseReportVersionRow>>
{
    public async ValueTask<IReadOnlyList<CaseReportVersionRow>> Handle(ListCaseReportVersionsQuery query, CancellationToken ct)
    {
        await CaseAccess.FindVisibleAsync(db, actor.Current, query.CaseId, ct);
        return await ForCaseAsync(db, query.CaseId, ct);
    }

    /// <summary>The versions of a case the caller has already been allowed to see.</summary>
    public static async Task<IReadOnlyList<CaseReportVersionRow>> ForCaseAsync(ApprovalsDbContext db, Guid caseId, CancellationToken ct)
    {
        var versions = await db.Set<CaseReportVersion>().AsNoTracking().Where(v => v.CaseId == caseId).OrderByDescending(v => v.Number).ToListAsync(ct);
        return versions.Select((v, i) =>
        {
            var (zh, en) = ReportReasons.Name(v.Reason);
            return new CaseReportVersionRow(v.Number, v.Reason, zh, en, v.SpatialCheckId, v.CreatedAt, v.CategoryCode, v.Differences, v.DifferencesEn, i == 0);
        }).ToList();
    }
}
