using Approvals.Application.Cases;
using Approvals.Application.Drafts;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Approvals.Application.SpatialChecks.GetSpatialCheck;

/// <summary>A stored spatial check with its report, for those who may read it (see <see cref="SpatialCheckAccess"/>).</summary>
public sealed record GetSpatialCheckQuery(Guid Id) : IQuery<SpatialCheckView>;

public sealed record SpatialCheckView(Guid Id, DateTimeOffset CreatedAt, string CreatedByName, MultiPolygon Boundary, string ReportJson)
{
    public ComparisonReport Report => ComparisonReport.FromJson(ReportJson);
}

/// <summary>The map of a stored check: the boundary and the features it hit, cut to the map's window.</summary>
/// <param name="Window">The map's extent in the storage CRS: the boundary's box with a margin.</param>
public sealed record GetSpatialCheckMapQuery(Guid Id) : IQuery<SpatialCheckMap>;

public sealed record SpatialCheckMap(Guid Id, int Srid, MultiPolygon Boundary, Envelope Window, IReadOnlyList<MapFeature> Hits);

/// <param name="Geometry">The feature cut to the map window, in the storage CRS.</param>
public sealed record MapFeature(long Id, string CategoryCode, string? Name, decimal OverlapM2, Geometry Geometry);

internal static class SpatialCheckAccess
{
    /// <summary>The check, if the actor may read it; otherwise "not found", so that ids of others' checks do not leak.</summary>
    public static async Task<SpatialCheck> FindAsync(ApprovalsDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var check = await db.SpatialChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (check is null || !await MayReadAsync(db, actor, check, ct))
            throw new NotFoundException(Bilingual.Text("没有找到这次落图分析", "This spatial check was not found"));
        return check;
    }

    /// <summary>
    /// A check belongs to a case, a draft, or to whoever ran it, and is read as what it belongs to:
    /// <list type="bullet">
    /// <item>run for a case, or the pre-check of a draft that became a case: whoever may see the case
    /// (<see cref="CaseAccess.MaySee"/>: its applicant's organisation, the staff whose jurisdiction covers
    /// its county, administrators);</item>
    /// <item>the pre-check of a draft not yet submitted: the draft's organisation only (a draft is not yet an
    /// application, see <see cref="DraftAccess"/>);</item>
    /// <item>ad hoc (the spatial-check page, the API, the command line): its creator and administrators.</item>
    /// </list>
    /// </summary>
    private static async Task<bool> MayReadAsync(ApprovalsDbContext db, Actor actor, SpatialCheck check, CancellationToken ct)
    {
        var caseId = check.CaseId;
        if (caseId is null)
        {
            var draft = await db.Set<Draft>().AsNoTracking().Where(d => d.SpatialCheckId == check.Id)
                .Select(d => new { d.OrganisationId, d.CaseId }).FirstOrDefaultAsync(ct);
            if (draft is { CaseId: null })
                return actor.IsInRole(Roles.Applicant) && actor.OrganisationId == draft.OrganisationId;
            caseId = draft?.CaseId;
        }
        if (caseId is { } id)
            return await db.Set<Case>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } c && actor.MaySee(c);
        return actor.IsSystem || actor.IsInRole(Roles.Administrator) || actor.UserId is not null && check.CreatedById == actor.UserId;
    }
}

public sealed class GetSpatialCheckHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<GetSpatialCheckQuery, SpatialCheckView>
{
    public async ValueTask<SpatialCheckView> Handle(GetSpatialCheckQuery query, CancellationToken ct)
    {
        var check = await SpatialCheckAccess.FindAsync(db, actor.Current, query.Id, ct);
        return new SpatialCheckView(check.Id, check.CreatedAt, check.CreatedByName, check.Boundary, check.Report);
    }
}

public sealed class GetSpatialCheckMapHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<GetSpatialCheckMapQuery, SpatialCheckMap>
{
    public async ValueTask<SpatialCheckMap> Handle(GetSpatialCheckMapQuery query, CancellationToken ct)
    {
        var check = await SpatialCheckAccess.FindAsync(db, actor.Current, query.Id, ct);
        return await SpatialCheckMaps.LoadAsync(db, check, ct);
    }
}

/// <summary>Maps of a boundary and the features its report names: a stored check's (the spatial-check and portal pages) or a case's (the review page).</summary>
internal static class SpatialCheckMaps
{
    public static Task<SpatialCheckMap> LoadAsync(ApprovalsDbContext db, SpatialCheck check, CancellationToken ct) =>
        MapAsync(db, check.Id, check.Boundary, ComparisonReport.FromJson(check.Report), ct);

    public static async Task<SpatialCheckMap> MapAsync(ApprovalsDbContext db, Guid mapId, MultiPolygon boundary, ComparisonReport report, CancellationToken ct)
    {
        var window = new Envelope(boundary.EnvelopeInternal);
        window.ExpandBy(Math.Max(100, Math.Max(window.Width, window.Height) * 0.1));
        var overlaps = report.Categories.SelectMany(c => c.Features.Select(f => (Id: long.Parse(f.Id, System.Globalization.CultureInfo.InvariantCulture), f.OverlapM2)))
            .GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First().OverlapM2);
        var hits = new List<MapFeature>();
        if (overlaps.Count > 0)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                // Huge features (a forest, a river) are cut to the window in the database, not shipped whole.
                await using var command = new NpgsqlCommand("""
                    SELECT f.id, f.category_code, f.name, ST_ClipByBox2D(f.geometry, ST_MakeEnvelope($2, $3, $4, $5, ST_SRID(f.geometry)))
                    FROM base_map_features f WHERE f.id = ANY($1) ORDER BY f.id
                    """, (NpgsqlConnection)db.Database.GetDbConnection());
                command.Parameters.Add(new NpgsqlParameter { Value = overlaps.Keys.ToArray() });
                foreach (var v in new[] { window.MinX, window.MinY, window.MaxX, window.MaxY })
                    command.Parameters.Add(new NpgsqlParameter { Value = v });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetInt64(0);
                    hits.Add(new MapFeature(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), overlaps[id], reader.GetFieldValue<Geometry>(3)));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        return new SpatialCheckMap(mapId, boundary.SRID, boundary, window, hits);
    }
}
