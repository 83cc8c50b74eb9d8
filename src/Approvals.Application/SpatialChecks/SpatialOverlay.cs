using NetTopologySuite.Geometries;
using Npgsql;

namespace Approvals.Application.SpatialChecks;

/// <summary>What the overlay found for one category.</summary>
/// <param name="Code">Category code.</param>
/// <param name="OverlapM2">Area of boundary ∩ union of the category's current features.</param>
/// <param name="CurrentLayers">How many current layer versions the category has (0: no data at all).</param>
/// <param name="CoveredM2">Area of the boundary inside the current versions' coverage.</param>
/// <param name="Features">Features with a positive overlap, largest first.</param>
/// <param name="ForestClasses">For categories whose features carry a forest grade or kind: the union overlap per (grade, kind).</param>
/// <param name="Failed">True when PostGIS could not compute this category (e.g. a topology error in its data).</param>
public sealed record CategoryOverlay(
    string Code,
    double OverlapM2,
    int CurrentLayers,
    double CoveredM2,
    IReadOnlyList<FeatureOverlap> Features,
    IReadOnlyList<ForestClassOverlap> ForestClasses,
    bool Failed = false);

/// <param name="Attributes">The feature's source attributes as JSON text.</param>
public sealed record FeatureOverlap(long Id, string? Name, double OverlapM2, string Attributes, short? ForestGrade, short? ForestKind);

public sealed record ForestClassOverlap(short? ForestGrade, short? ForestKind, double OverlapM2);

/// <summary>
/// The overlay of a boundary on the current base maps, in one SQL statement (one round trip):
/// the boundary is cut into cells, candidates come from the subdivided index (&amp;&amp; then
/// ST_Intersects), pieces wholly inside a cell count whole (ST_CoveredBy, no clipping), the rest are
/// clipped, and each category's pieces are unioned (per cell) before measuring so overlapping
/// features are never counted twice.
/// </summary>
public static class SpatialOverlay
{
    /// <summary>
    /// A long or sprawling boundary (a corridor) is cut into cells of at most this many vertices;
    /// candidates are clipped and unioned per cell. Clipping cost grows with both inputs' sizes, so
    /// a corridor clipped cell by cell costs far less than whole; the cells partition the boundary,
    /// so per-cell union areas add up to the union area.
    /// </summary>
    public static int CorridorCellVertices { get; set; } = 64;

    /// <summary>A compact boundary (a parcel) stays in one piece up to this many vertices: cutting it only clips more pieces twice.</summary>
    public static int CompactCellVertices { get; set; } = 256;

    /// <summary>The cell size for a boundary: compact when it fills a good part of its bounding box.</summary>
    internal static int CellVerticesFor(Geometry boundary) =>
        boundary.EnvelopeInternal.Area > 8 * boundary.Area ? CorridorCellVertices : CompactCellVertices;

    internal const string Sql = """
        WITH b AS (SELECT $1::geometry AS g),
        cell AS MATERIALIZED (
            SELECT row_number() OVER () AS cell, s.g FROM b, ST_Subdivide(b.g, $3) s(g)
        ),
        layered AS MATERIALIZED (
            -- Pieces are compared within their own version when it is indexed; a category with two
            -- current versions may overlap across them, so all its pieces are candidates.
            SELECT category_code FROM base_map_layers WHERE is_current GROUP BY category_code HAVING count(*) > 1
        ),
        hit AS MATERIALIZED (
            -- The cell comes first in ST_Covers and ST_Intersects: PostGIS prepares the argument
            -- that repeats from row to row, and the cell is it.
            SELECT p.id AS part_id, p.category_code, p.feature_id, p.forest_grade, p.forest_kind, c.cell,
                   p.overlaps_other_feature OR p.category_code IN (SELECT category_code FROM layered) AS may_overlap,
                   CASE WHEN ST_Covers(c.g, p.geometry) THEN p.geometry
                        ELSE ST_CollectionExtract(ST_Intersection(p.geometry, c.g), 3) END AS piece
            FROM cell c JOIN base_map_feature_parts p ON p.geometry && c.g
            WHERE ST_Intersects(c.g, p.geometry) AND ($2::text IS NULL OR p.category_code = $2)
        ),
        shared AS MATERIALIZED (
            -- Pieces whose interior meets a piece of another feature of the same category in the same
            -- cell overlap it; only those need a union. (Pieces of one feature never overlap.) Boxes
            -- alone are not enough: in a planar layer (三调 parcels, farmland patches) every neighbour
            -- touches along an edge, and unioning touching pieces costs more than the relate test.
            -- Only pieces the index marked as overlapping another feature are tested at all, so a
            -- planar layer costs no relate test here.
            SELECT DISTINCT x.part_id, x.cell
            FROM hit x JOIN hit y
              ON y.category_code = x.category_code AND y.cell = x.cell AND y.feature_id <> x.feature_id AND x.piece && y.piece
                 AND x.may_overlap AND y.may_overlap AND ST_Relate(x.piece, y.piece, 'T********')
        ),
        piece AS (
            SELECT h.*, s.part_id IS NOT NULL AS is_shared
            FROM hit h LEFT JOIN shared s ON s.part_id = h.part_id AND s.cell = h.cell
        ),
        feature AS (
            SELECT category_code, feature_id, sum(ST_Area(piece)) AS overlap
            FROM hit GROUP BY category_code, feature_id
        ),
        category_cell AS (
            SELECT category_code,
                   coalesce(sum(ST_Area(piece)) FILTER (WHERE NOT is_shared), 0)
                   + coalesce(ST_Area(ST_UnaryUnion(ST_Collect(piece) FILTER (WHERE is_shared))), 0) AS overlap
            FROM piece GROUP BY category_code, cell
        ),
        class_cell AS (
            SELECT category_code, forest_grade, forest_kind,
                   coalesce(sum(ST_Area(piece)) FILTER (WHERE NOT is_shared), 0)
                   + coalesce(ST_Area(ST_UnaryUnion(ST_Collect(piece) FILTER (WHERE is_shared))), 0) AS overlap
            FROM piece WHERE forest_grade IS NOT NULL OR forest_kind IS NOT NULL
            GROUP BY category_code, forest_grade, forest_kind, cell
        ),
        coverage AS (
            -- Usually the boundary lies wholly inside the coverage: then no clipping is needed.
            SELECT l.category_code, count(*) AS layers,
                   CASE WHEN bool_or(ST_Covers(l.coverage, b.g)) THEN ST_Area(b.g)
                        ELSE ST_Area(ST_Intersection(ST_UnaryUnion(ST_Collect(l.coverage)), b.g)) END AS covered
            FROM base_map_layers l, b
            WHERE l.is_current AND ($2::text IS NULL OR l.category_code = $2)
            GROUP BY l.category_code, b.g
        )
        SELECT 'c' AS kind, category_code, NULL::bigint AS n, sum(overlap), NULL::text AS name, NULL::text AS attributes, NULL::smallint AS grade, NULL::smallint AS forest_kind
        FROM category_cell GROUP BY category_code
        UNION ALL
        SELECT 'g', category_code, NULL, sum(overlap), NULL, NULL, forest_grade, forest_kind FROM class_cell GROUP BY category_code, forest_grade, forest_kind
        UNION ALL
        SELECT 'f', f.category_code, f.feature_id, f.overlap, bf.name, bf.attributes::text, bf.forest_grade, bf.forest_kind
        FROM feature f JOIN base_map_features bf ON bf.id = f.feature_id
        WHERE f.overlap > 0
        UNION ALL
        SELECT 'v', category_code, layers, covered, NULL, NULL, NULL, NULL FROM coverage
        """;

    /// <summary>
    /// Runs the overlay for every category. If PostGIS fails on some category's data (a GEOS
    /// topology error), each category is run on its own and only the failing ones are marked.
    /// </summary>
    /// <param name="connection">An open connection whose data source maps NetTopologySuite types.</param>
    /// <param name="boundary">The boundary (union of the parcels) in the storage CRS, SRID set.</param>
    /// <param name="categoryCodes">All catalogue codes, so every category gets an entry.</param>
    public static async Task<IReadOnlyDictionary<string, CategoryOverlay>> RunAsync(
        NpgsqlConnection connection, Geometry boundary, IReadOnlyList<string> categoryCodes, CancellationToken ct)
    {
        try
        {
            var rows = await QueryAsync(connection, boundary, null, ct);
            return categoryCodes.ToDictionary(c => c, c => Collect(c, rows), StringComparer.OrdinalIgnoreCase);
        }
        catch (PostgresException e) when (IsGeometryFailure(e))
        {
            var result = new Dictionary<string, CategoryOverlay>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in categoryCodes)
            {
                try
                {
                    result[code] = Collect(code, await QueryAsync(connection, boundary, code, ct));
                }
                catch (PostgresException inner) when (IsGeometryFailure(inner))
                {
                    result[code] = new CategoryOverlay(code, 0, 0, 0, [], [], Failed: true);
                }
            }
            return result;
        }
    }

    // XX000 is what PostGIS raises for GEOS errors (TopologyException and the like).
    private static bool IsGeometryFailure(PostgresException e) => e.SqlState is "XX000" or "22023";

    private sealed record Row(char Kind, string Code, long? N, double Value, string? Name, string? Attributes, short? Grade, short? ForestKind);

    private static async Task<List<Row>> QueryAsync(NpgsqlConnection connection, Geometry boundary, string? onlyCategory, CancellationToken ct)
    {
        // JIT is off for the application's connections (see InfrastructureServices): PostGIS's high
        // function costs would otherwise have it compile this query for longer than it runs.
        await using var batch = new NpgsqlBatch(connection);
        var overlay = new NpgsqlBatchCommand(Sql);
        overlay.Parameters.Add(new NpgsqlParameter { Value = boundary, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Geometry });
        overlay.Parameters.Add(new NpgsqlParameter { Value = (object?)onlyCategory ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        overlay.Parameters.Add(new NpgsqlParameter { Value = CellVerticesFor(boundary), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        batch.BatchCommands.Add(overlay);
        // Prepared once per physical connection (Npgsql keeps it across pooled uses): planning this
        // statement costs about as much as running it on a small parcel.
        await batch.PrepareAsync(ct);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var rows = new List<Row>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Row(
                reader.GetString(0)[0],
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? 0 : reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt16(6),
                reader.IsDBNull(7) ? null : reader.GetInt16(7)));
        }
        return rows;
    }

    private static CategoryOverlay Collect(string code, List<Row> rows)
    {
        var mine = rows.Where(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase)).ToList();
        var coverage = mine.FirstOrDefault(r => r.Kind == 'v');
        return new CategoryOverlay(
            code,
            mine.Where(r => r.Kind == 'c').Sum(r => r.Value),
            (int)(coverage?.N ?? 0),
            coverage?.Value ?? 0,
            mine.Where(r => r.Kind == 'f')
                .Select(r => new FeatureOverlap(r.N!.Value, r.Name, r.Value, r.Attributes ?? "{}", r.Grade, r.ForestKind))
                .OrderByDescending(f => f.OverlapM2).ThenBy(f => f.Id)
                .ToList(),
            mine.Where(r => r.Kind == 'g').Select(r => new ForestClassOverlap(r.Grade, r.ForestKind, r.Value)).ToList());
    }
}
