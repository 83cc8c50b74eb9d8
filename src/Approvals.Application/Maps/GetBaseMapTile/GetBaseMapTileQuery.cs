using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.Application.Maps.GetBaseMapTile;

/// <summary>
/// One vector tile of the base maps: a layer per category named by its code (PBF, EPR, …), holding the current
/// versions' features with their id, name, category and key attributes, or, below the category's first detailed
/// zoom, its coverage outline (see <see cref="BaseMapTileLevels"/>). Base-map data is controlled, so only staff
/// see it. A caller holding <paramref name="IfNoneMatch"/> equal to the current tag gets <see cref="VectorTile.NotModified"/>.
/// <paramref name="Generalise"/> false draws every feature at every zoom: the benchmark's baseline, never the web's.
/// </summary>
[RequiresRole(Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator, OrSystem = true,
    RefusalZh = "底图数据仅供审查人员使用", RefusalEn = "Base-map data is for staff only")]
public sealed record GetBaseMapTileQuery(TileAddress Tile, string? IfNoneMatch = null, bool Generalise = true) : IQuery<VectorTile>;

public sealed class GetBaseMapTileValidator : AbstractValidator<GetBaseMapTileQuery>
{
    public GetBaseMapTileValidator() => RuleFor(q => q.Tile).SetValidator(new TileAddressValidator());
}

public sealed class GetBaseMapTileHandler(ApprovalsDbContext db, ProvinceRules rules)
    : IQueryHandler<GetBaseMapTileQuery, VectorTile>
{
    public async ValueTask<VectorTile> Handle(GetBaseMapTileQuery query, CancellationToken ct)
    {
        var levels = await BaseMapTileLevels.CurrentAsync(db, rules.Catalogue, ct);
        if (query.IfNoneMatch is { } held && held.Split(',').Any(t => t.Trim() == levels.ETag))
            return new VectorTile([], levels.ETag, NotModified: true);

        var (z, x, y) = (query.Tile.Z, query.Tile.X, query.Tile.Y);
        var parameters = new List<NpgsqlParameter>();
        string Parameter(object value)
        {
            parameters.Add(new NpgsqlParameter($"p{parameters.Count}", value));
            return $"@p{parameters.Count - 1}";
        }
        var detailed = (query.Generalise ? levels.DetailedAt(z) : rules.Catalogue.Categories.Select(c => c.Code)).ToArray();
        // Each category's key attributes picked by name (one CASE, no per-feature set-returning function); absent ones dropped.
        var keyed = rules.Catalogue.Categories.Where(c => c.KeyAttributes.Count > 0 && detailed.Contains(c.Code)).ToList();
        var attributes = keyed.Count == 0 ? "NULL::jsonb" :
            "jsonb_strip_nulls(CASE f.category_code " + string.Concat(keyed.Select(c =>
                $"WHEN {Parameter(c.Code)} THEN jsonb_build_object({string.Join(", ", c.KeyAttributes.Select(k => { var p = Parameter(k); return $"{p}::text, f.attributes -> {p}::text"; }))}) ")) + "END)";
        // Without a detailed category the features are not read at all: the index would hand over every feature under
        // the tile (hundreds of thousands at z8) only for the category test to drop them.
        var features = detailed.Length == 0 ? "" : $"""
                SELECT f.category_code AS category, f.id, 'feature' AS kind, f.name, f.source_id AS "sourceId",
                       f.forest_grade AS "forestGrade", f.forest_kind AS "forestKind", round(f.area_m2)::bigint AS "areaM2",
                       {attributes} AS attributes,
                       ST_AsMVTGeom(f.web_geometry, tile.m, {TileAddress.Extent}, {TileAddress.Buffer}, true) AS geom
                FROM tile, base_map_features f
                WHERE f.layer_id = ANY(@layers) AND f.category_code = ANY(@detailed) AND f.web_geometry && tile.b
                UNION ALL

            """;
        var sql = $"""
            WITH tile AS (SELECT ST_TileEnvelope(@z, @x, @y) AS m, ST_Expand(ST_TileEnvelope(@z, @x, @y), @margin) AS b),
            shown AS (
                {features}SELECT l.category_code AS category, NULL::bigint AS id, 'coverage' AS kind, NULL::text AS name, NULL::text AS "sourceId",
                       NULL::smallint AS "forestGrade", NULL::smallint AS "forestKind", NULL::bigint AS "areaM2", NULL::jsonb AS attributes,
                       ST_AsMVTGeom(ST_SimplifyPreserveTopology(ST_Transform(l.coverage, 3857), @pixel), tile.m, {TileAddress.Extent}, {TileAddress.Buffer}, true) AS geom
                FROM tile, base_map_layers l
                WHERE l.is_current AND NOT (l.category_code = ANY(@detailed)) AND ST_Transform(l.coverage, 3857) && tile.b)
            SELECT coalesce(string_agg(mvt, ''::bytea), ''::bytea) FROM (
                SELECT ST_AsMVT(s, s.category, {TileAddress.Extent}, 'geom', 'id') AS mvt FROM shown s WHERE s.geom IS NOT NULL GROUP BY s.category) layers
            """;
        var content = await TileSql.BytesAsync(db, sql, ct, [.. parameters,
            new NpgsqlParameter("z", z), new NpgsqlParameter("x", x), new NpgsqlParameter("y", y),
            new NpgsqlParameter("margin", query.Tile.MarginMetres()),
            new NpgsqlParameter("detailed", detailed),
            // The current versions as read for the tag: a tile never mixes the versions of two imports.
            new NpgsqlParameter("layers", levels.CurrentLayerIds.ToArray()),
            new NpgsqlParameter("pixel", query.Tile.PixelMetres())]);
        return new VectorTile(content, levels.ETag);
    }
}
