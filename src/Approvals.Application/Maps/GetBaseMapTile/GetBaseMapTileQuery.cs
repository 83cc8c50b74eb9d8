using System.Text.Json;
using Approvals.Application.BaseMaps;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Approvals.Application.Maps.GetBaseMapTile;

/// <summary>
/// One vector tile of the base maps: a layer per category named by its code (PBF, EPR, …), holding the current
/// versions' features with their id, name, category and key attributes, or, below the category's first detailed
/// zoom, its coverage outline (see <see cref="BaseMapTileLevels"/>). Base-map data is controlled, so only staff
/// see it. A caller holding <paramref name="IfNoneMatch"/> equal to the current tag gets <see cref="VectorTile.NotModified"/>.
/// </summary>
[RequiresRole(Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator,
    RefusalZh = "底图数据仅供审查人员使用", RefusalEn = "Base-map data is for staff only")]
public sealed record GetBaseMapTileQuery(TileAddress Tile, string? IfNoneMatch = null) : IQuery<VectorTile>;

public sealed class GetBaseMapTileValidator : AbstractValidator<GetBaseMapTileQuery>
{
    public GetBaseMapTileValidator() => RuleFor(q => q.Tile).SetValidator(new TileAddressValidator());
}

public sealed class GetBaseMapTileHandler(ApprovalsDbContext db, ProvinceRules rules, IConfiguration configuration)
    : IQueryHandler<GetBaseMapTileQuery, VectorTile>
{
    /// <summary>Tile units per side (MVT's usual 4096) and the margin drawn beyond the edge so outlines join across tiles.</summary>
    private const int Extent = 4096, Buffer = 64;

    public async ValueTask<VectorTile> Handle(GetBaseMapTileQuery query, CancellationToken ct)
    {
        var levels = await BaseMapTileLevels.CurrentAsync(db, rules.Catalogue, ct);
        if (query.IfNoneMatch is { } held && held.Split(',').Any(t => t.Trim() == levels.ETag))
            return new VectorTile([], levels.ETag, NotModified: true);

        var (z, x, y) = (query.Tile.Z, query.Tile.X, query.Tile.Y);
        var keys = JsonSerializer.Serialize(rules.Catalogue.Categories.ToDictionary(c => c.Code, c => c.KeyAttributes));
        // One pixel on the ground, in Mercator metres: how far an outline may be simplified without showing.
        var pixel = 40_075_016.686 / (1 << z) / 256;
        var sql = $"""
            WITH tile AS (SELECT ST_TileEnvelope(@z, @x, @y) AS m),
            area AS (SELECT ST_Transform(ST_Expand(tile.m, @margin), @srid) AS b FROM tile),
            shown AS (
                SELECT f.category_code AS category, f.id, 'feature' AS kind, f.name, f.source_id AS "sourceId",
                       f.forest_grade AS "forestGrade", f.forest_kind AS "forestKind", round(f.area_m2)::bigint AS "areaM2",
                       (SELECT jsonb_object_agg(a.key, a.value) FROM jsonb_each(f.attributes) a
                        WHERE (@keys::jsonb -> f.category_code) ? a.key) AS attributes,
                       ST_AsMVTGeom(ST_Transform(f.geometry, 3857), tile.m, {Extent}, {Buffer}, true) AS geom
                FROM tile, area, base_map_features f JOIN base_map_layers l ON l.id = f.layer_id AND l.is_current
                WHERE f.category_code = ANY(@detailed) AND f.geometry && area.b
                UNION ALL
                SELECT l.category_code, NULL, 'coverage', NULL, NULL, NULL, NULL, NULL, NULL,
                       ST_AsMVTGeom(ST_SimplifyPreserveTopology(ST_Transform(l.coverage, 3857), @pixel), tile.m, {Extent}, {Buffer}, true)
                FROM tile, area, base_map_layers l
                WHERE l.is_current AND NOT (l.category_code = ANY(@detailed)) AND l.coverage && area.b)
            SELECT coalesce(string_agg(mvt, ''::bytea), ''::bytea) FROM (
                SELECT ST_AsMVT(s, s.category, {Extent}, 'geom', 'id') AS mvt FROM shown s WHERE s.geom IS NOT NULL GROUP BY s.category) layers
            """;
        var content = await TileSql.BytesAsync(db, sql, ct,
            new NpgsqlParameter("z", z), new NpgsqlParameter("x", x), new NpgsqlParameter("y", y),
            new NpgsqlParameter("margin", pixel * 256 * Buffer / Extent),
            new NpgsqlParameter("srid", BaseMapStorage.StorageSrid(configuration)),
            new NpgsqlParameter("keys", keys),
            new NpgsqlParameter("detailed", levels.DetailedAt(z).ToArray()),
            new NpgsqlParameter("pixel", pixel));
        return new VectorTile(content, levels.ETag);
    }
}
