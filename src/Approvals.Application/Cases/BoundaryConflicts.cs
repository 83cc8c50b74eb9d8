using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Approvals.Domain.Naming;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Approvals.Application.Cases;

/// <summary>
/// Another case claiming the same land, as the caller may see it. Staff whose scope covers the other case (and an
/// applicant for its own organisation's case: the one rule, <see cref="CaseAccess"/>) get its id, number, project and
/// status; everyone else gets only what kind of case it is (open or approved), whose county it lies in when that is
/// the caller's business (staff), and the overlap.
/// </summary>
/// <param name="Status"><c>open</c> (an application being handled) or <c>approved</c> (approved within the configured years).</param>
/// <param name="CaseStatus">The other case's own status (e.g. <c>UnderReview</c>), for those who may see it.</param>
/// <param name="Description">What the caller is told about it, in the caller's language.</param>
public sealed record CaseConflictView(
    Guid? CaseId, string? CaseNumber, string? ProjectName, string Status, string? CaseStatus, string? StatusName,
    double OverlapM2, string Description);

/// <summary>
/// Whether a boundary overlaps other cases' boundaries (选址冲突): cases still open, and approvals issued within
/// <c>Approvals:Conflicts:ApprovedWithinYears</c>. A withdrawn, refused or not-accepted case claims no land any more, and
/// an old approval has lapsed. Boundaries that only touch (a shared edge or corner) are neighbours, not a conflict:
/// the interiors must meet (DE-9IM <c>T********</c>) over at least <c>Approvals:Conflicts:MinimumOverlapM2</c>, so
/// that the slivers of two surveys of one shared edge are not reported either.
/// </summary>
public static class BoundaryConflicts
{
    /// <summary>One overlapping case as found, before it is shown to anyone.</summary>
    public sealed record Found(Guid Id, string Number, string ProjectName, string Status, string CountyCode, Guid OrganisationId, double OverlapM2)
    {
        public CaseStatus CaseStatus => Enum.Parse<CaseStatus>(Status);
    }

    /// <summary>
    /// One statement: the cases' GiST index (<c>ix_cases_boundary</c>) finds the candidates by box, the interior test
    /// drops neighbours, and only the overlapping ones are intersected for their area.
    /// </summary>
    public static async Task<IReadOnlyList<Found>> FindAsync(ApprovalsDbContext db, Geometry boundary, Guid? exceptCaseId,
        ApprovalsOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var approvedSince = now.AddYears(-options.ConflictApprovedWithinYears);
        return await db.Database.SqlQueryRaw<Found>("""
            SELECT c.id, c.number, c.project_name, c.status, c.county_code, c.organisation_id, o.overlap_m2
            FROM cases c
            CROSS JOIN LATERAL (SELECT ST_Area(ST_Intersection(c.boundary, @boundary)) AS overlap_m2) o
            WHERE c.boundary && @boundary AND ST_Relate(c.boundary, @boundary, 'T********')
              AND c.id IS DISTINCT FROM @except
              AND (c.status IN ('AwaitingAcceptance', 'AwaitingCorrection', 'UnderReview', 'AwaitingDecision')
                   OR (c.status = 'Approved' AND c.closed_at >= @approvedSince))
              AND o.overlap_m2 >= @minimum
            ORDER BY o.overlap_m2 DESC, c.number
            """,
            new NpgsqlParameter("boundary", NpgsqlDbType.Geometry) { Value = boundary },
            new NpgsqlParameter("except", NpgsqlDbType.Uuid) { Value = (object?)exceptCaseId ?? DBNull.Value },
            new NpgsqlParameter("approvedSince", NpgsqlDbType.TimestampTz) { Value = approvedSince.UtcDateTime },
            new NpgsqlParameter("minimum", NpgsqlDbType.Double) { Value = options.ConflictMinimumOverlapM2 })
            .ToListAsync(ct);
    }

    /// <summary>
    /// The answer to a submission made before (a retry, a double click): the case with the land other cases claim now, as
    /// <paramref name="actor"/> may see it.
    /// </summary>
    public static async Task<SubmitCase.SubmittedCase> SubmittedAsync(ApprovalsDbContext db, Actor actor, Guid caseId,
        ApprovalsOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var c = await db.Set<Case>().AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new { x.Id, x.Number, x.Status, x.Boundary }).SingleAsync(ct);
        return new SubmitCase.SubmittedCase(c.Id, c.Number, c.Status, ViewFor(actor, await FindAsync(db, c.Boundary, c.Id, options, now, ct)));
    }

    /// <summary>The conflicts as <paramref name="actor"/> may see them.</summary>
    public static IReadOnlyList<CaseConflictView> ViewFor(Actor actor, IEnumerable<Found> found) => found.Select(f =>
    {
        var status = f.CaseStatus == Domain.Cases.CaseStatus.Approved ? "approved" : "open";
        var area = Math.Round(f.OverlapM2, 2);
        if (actor.MaySee(f.OrganisationId, f.CountyCode))
        {
            var name = Names.Of(f.CaseStatus);
            return new CaseConflictView(f.Id, f.Number, f.ProjectName, status, f.CaseStatus.ToString(), name.Text(), area,
                Bilingual.Text($"与案件 {f.Number}（{f.ProjectName}，{name.Zh}）重叠 {area:#,0.00} 平方米",
                    $"Overlaps case {f.Number} ({f.ProjectName}, {name.En}) by {area:#,0.00} m²"));
        }
        // An applicant learns only that the land is claimed; staff also that the claim lies outside their scope.
        var description = actor.IsInRole(Roles.Applicant)
            ? status == "approved"
                ? Bilingual.Text($"该用地与一项已批准的申请重叠 {area:#,0.00} 平方米", $"The land overlaps an application already approved by {area:#,0.00} m²")
                : Bilingual.Text($"该用地与一项已提出的申请重叠 {area:#,0.00} 平方米", $"The land overlaps an application already made by {area:#,0.00} m²")
            : status == "approved"
                ? Bilingual.Text($"与其他县的一个已批准案件重叠 {area:#,0.00} 平方米", $"Overlaps an approved case of another county by {area:#,0.00} m²")
                : Bilingual.Text($"与其他县的一个在办案件重叠 {area:#,0.00} 平方米", $"Overlaps an open case of another county by {area:#,0.00} m²");
        return new CaseConflictView(null, null, null, status, null, null, area, description);
    }).ToList();

    /// <summary>
    /// The warning kept in a case's timeline when it is submitted (or its boundary corrected) over land other cases
    /// claim. It names no other case: everyone who may read this case reads the timeline, the applicant included.
    /// </summary>
    public static void RecordWarning(ApprovalsDbContext db, Guid caseId, DateTimeOffset at, string actor, IReadOnlyList<Found> found)
    {
        if (found.Count == 0) return;
        var total = Math.Round(found.Sum(f => f.OverlapM2), 2);
        CaseTimeline.Record(db, caseId, at, actor, "boundary-conflicts",
            $"红线与 {found.Count} 个在办或近年已批准的案件用地重叠，合计 {total:#,0.00} 平方米",
            $"The boundary overlaps {found.Count} open or recently approved case(s), {total:#,0.00} m² in all");
    }
}
