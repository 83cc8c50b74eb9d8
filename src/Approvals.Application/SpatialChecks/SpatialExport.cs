using System.Globalization;
using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Approvals.Application.SpatialChecks;

/// <summary>
/// What an export is of: a stored spatial check (the report page), or a case's current report (the case page).
/// Exactly one of the two; build it with <see cref="OfCheck"/> or <see cref="OfCase"/>.
/// </summary>
public sealed record ExportSubject
{
    private ExportSubject(Guid? checkId, Guid? caseId) => (CheckId, CaseId) = (checkId, caseId);
    public Guid? CheckId { get; }
    public Guid? CaseId { get; }
    public static ExportSubject OfCheck(Guid id) => new(id, null);
    public static ExportSubject OfCase(Guid id) => new(null, id);
}

/// <summary>A file to download: its bytes, the name to save it under and its media type.</summary>
public sealed record ExportFile(byte[] Content, string FileName, string ContentType);

/// <summary>
/// A report with what the export formats need beside it: the boundary in the storage CRS, the case it belongs to
/// (if any) and the hit pieces, i.e. each feature the report names cut to the boundary.
/// </summary>
public sealed record SpatialExport(
    string FileStem, string? CaseNumber, string? ProjectName, string? ProjectOwner, DateTimeOffset CheckedAt,
    MultiPolygon Boundary, ComparisonReport Report, IReadOnlyList<HitPiece> Pieces)
{
    public int Srid => Boundary.SRID;
}

/// <summary>The part of one base-map feature inside the boundary, with its category and its area.</summary>
/// <param name="Geometry">Polygon or MultiPolygon in the storage CRS.</param>
public sealed record HitPiece(CategoryResult Category, FeatureHit Feature, Geometry Geometry)
{
    public double AreaM2 => Geometry.Area;
}

internal static class SpatialExports
{
    /// <summary>
    /// Loads the subject under the same rule its report page uses: a check as what it belongs to
    /// (<see cref="SpatialCheckAccess"/>), a case by whoever may see it (<see cref="CaseAccess"/>); anything else is
    /// "not found".
    /// </summary>
    public static async Task<SpatialExport> LoadAsync(ApprovalsDbContext db, Actor actor, ExportSubject subject, bool withPieces, CancellationToken ct)
    {
        string stem;
        string? number = null, project = null, owner = null;
        MultiPolygon boundary;
        ComparisonReport report;
        DateTimeOffset checkedAt;
        if (subject.CaseId is { } caseId)
        {
            var c = await CaseAccess.FindVisibleAsync(db, actor, caseId, ct);
            if (c.SpatialReport is null)
                throw new Errors.NotFoundException(Localization.Bilingual.Text("该案件还没有落图分析结果", "This case has no spatial report yet"));
            report = ComparisonReport.FromJson(c.SpatialReport);
            boundary = c.Boundary;
            (number, project, owner) = (c.Number, c.ProjectName, c.ProjectOwner);
            checkedAt = c.SpatialCheckedAt ?? report.CheckedAt;
            stem = c.Number;
        }
        else
        {
            var check = await SpatialCheckAccess.FindAsync(db, actor, subject.CheckId ?? Guid.Empty, ct);
            report = ComparisonReport.FromJson(check.Report);
            boundary = check.Boundary;
            checkedAt = check.CreatedAt;
            // A check made for a case, or a submitted draft's pre-check, carries the case's name.
            var caseOf = check.CaseId ?? await db.Set<Drafts.Draft>().AsNoTracking().Where(d => d.SpatialCheckId == check.Id)
                .Select(d => d.CaseId).FirstOrDefaultAsync(ct);
            if (caseOf is { } id && await db.Set<Case>().AsNoTracking().Where(x => x.Id == id)
                    .Select(x => new { x.Number, x.ProjectName, x.ProjectOwner }).SingleOrDefaultAsync(ct) is { } owning)
                (number, project, owner) = (owning.Number, owning.ProjectName, owning.ProjectOwner);
            stem = "spatial-check-" + check.Id.ToString("N", CultureInfo.InvariantCulture)[..8];
        }

        var pieces = withPieces ? await PiecesAsync(db, boundary, report, ct) : [];
        return new SpatialExport(stem, number, project, owner, checkedAt, boundary, report, pieces);
    }

    /// <summary>
    /// Each feature the report names, cut to the boundary by PostGIS. A feature no longer stored (its layer
    /// version was replaced since) has no piece; the report still lists it.
    /// </summary>
    private static async Task<IReadOnlyList<HitPiece>> PiecesAsync(ApprovalsDbContext db, MultiPolygon boundary, ComparisonReport report, CancellationToken ct)
    {
        var named = report.Categories.Where(c => c.Status == CategoryStatus.Intersects)
            .SelectMany(c => c.Features.Select(f => (Category: c, Feature: f)))
            .Where(x => long.TryParse(x.Feature.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .ToList();
        if (named.Count == 0) return [];
        var geometries = new Dictionary<long, Geometry>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT f.id, ST_Multi(ST_CollectionExtract(ST_Intersection(f.geometry, ST_SetSRID($2::geometry, ST_SRID(f.geometry))), 3))
                FROM base_map_features f WHERE f.id = ANY($1)
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter { Value = named.Select(x => long.Parse(x.Feature.Id, CultureInfo.InvariantCulture)).Distinct().ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = boundary });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (!reader.IsDBNull(1) && reader.GetFieldValue<Geometry>(1) is { IsEmpty: false } piece)
                {
                    piece.SRID = boundary.SRID;
                    geometries[reader.GetInt64(0)] = piece;
                }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return named.Where(x => geometries.ContainsKey(long.Parse(x.Feature.Id, CultureInfo.InvariantCulture)))
            .Select(x => new HitPiece(x.Category, x.Feature, geometries[long.Parse(x.Feature.Id, CultureInfo.InvariantCulture)]))
            .ToList();
    }

    /// <summary>A feature attribute as a cell or property value: numbers and booleans as such, everything else as text.</summary>
    public static object? Value(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
