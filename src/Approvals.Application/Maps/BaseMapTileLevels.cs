using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Approvals.Application.Persistence;
using Approvals.Domain.BaseMaps;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Maps;

/// <summary>
/// How the base-map tiles generalise, decided from the current layer versions: a category's features are drawn
/// from the zoom at which a tile holds about <see cref="FeaturesPerTile"/> of them (its density over the area its
/// layers cover); below that zoom the tile carries the category's coverage outline instead, so a province-wide
/// view of a million farmland patches costs a few outlines, not a million polygons. Sparse categories (a few
/// reserves) are drawn from low zooms, dense ones (farmland patches) from the county scale. Nothing is
/// precomputed at import: the levels follow from each version's feature count and coverage, and change with them.
/// </summary>
public sealed record BaseMapTileLevels(string ETag, IReadOnlyDictionary<string, int> MinZoom, IReadOnlyList<Guid> CurrentLayerIds)
{
    /// <summary>The features of one category a tile is allowed to hold on average at the category's first zoom.</summary>
    public const int FeaturesPerTile = 150;

    /// <summary>From this zoom every category's features are drawn, whatever its density.</summary>
    public const int AlwaysDetailed = 14;

    /// <summary>Bump when the tiles' content changes for the same data (a new attribute, another rule), so browsers drop the old ones.</summary>
    private const string SchemeVersion = "basemap-tiles-1";

    private const double EarthCircumferenceM = 40_075_016.686;

    // One entry per set of current versions: after an import the next request computes the new one.
    private static readonly ConcurrentDictionary<string, BaseMapTileLevels> Known = new();

    /// <summary>The categories whose features a tile at <paramref name="zoom"/> draws (the others get their coverage outline).</summary>
    public IEnumerable<string> DetailedAt(int zoom) => MinZoom.Where(m => zoom >= m.Value).Select(m => m.Key);

    /// <summary>Reads the current layer versions (a few rows) and returns their levels and entity tag.</summary>
    public static async Task<BaseMapTileLevels> CurrentAsync(ApprovalsDbContext db, BaseMapCatalogue catalogue, CancellationToken ct)
    {
        var layers = await db.Database.SqlQuery<CurrentLayer>($"""
            SELECT l.id, l.category_code, l.version, l.feature_count, ST_Area(l.coverage) AS coverage_m2,
                   coalesce(ST_Y(ST_Transform(ST_PointOnSurface(l.coverage), 4326)), 0) AS latitude
            FROM base_map_layers l WHERE l.is_current AND NOT ST_IsEmpty(l.coverage)
            ORDER BY l.category_code, l.version
            """).ToListAsync(ct);

        var key = new StringBuilder(SchemeVersion);
        foreach (var l in layers) key.Append('|').Append(l.Id).Append(':').Append(l.Version);
        // The attributes a tile carries are part of what it is.
        key.Append('|').Append(JsonSerializer.Serialize(catalogue.Categories.Select(c => new { c.Code, c.KeyAttributes })));
        var etag = "\"bm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..32] + "\"";
        if (Known.TryGetValue(etag, out var known)) return known;

        var minZoom = layers.GroupBy(l => l.CategoryCode).ToDictionary(g => g.Key, g =>
        {
            var features = g.Sum(l => (double)l.FeatureCount);
            var area = g.Sum(l => l.CoverageM2);
            var latitude = g.Average(l => l.Latitude);
            return FirstDetailedZoom(features, area, latitude);
        });
        var levels = new BaseMapTileLevels(etag, minZoom, layers.Select(l => l.Id).ToList());
        if (Known.Count > 64) Known.Clear();
        Known[etag] = levels;
        return levels;
    }

    /// <summary>
    /// The smallest zoom whose tiles hold at most <see cref="FeaturesPerTile"/> features of a layer with this many
    /// features over this area: a tile's ground side is the Mercator side times cos(latitude).
    /// </summary>
    public static int FirstDetailedZoom(double features, double areaM2, double latitude)
    {
        if (features <= FeaturesPerTile || areaM2 <= 0) return 0;
        var density = features / areaM2;
        var groundCircumference = EarthCircumferenceM * Math.Cos(latitude * Math.PI / 180);
        // density × (C / 2^z)² ≤ budget  ⇔  2^z ≥ C × √(density / budget)
        var zoom = (int)Math.Ceiling(Math.Log2(groundCircumference * Math.Sqrt(density / FeaturesPerTile)));
        return Math.Clamp(zoom, 0, AlwaysDetailed);
    }

    private sealed record CurrentLayer(Guid Id, string CategoryCode, int Version, int FeatureCount, double CoverageM2, double Latitude);
}
