using System.Globalization;
using System.Text;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Mediator;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Approvals.Application.BaseMaps.ListBaseMapLayerVersions;

/// <summary>
/// Every version of every base-map category, newest first within its category: who imported it, when, from which
/// file, how many features (and how many repaired), whether it is current, and its extent and coverage as a small
/// SVG outline (in the storage CRS, north up) for the administration console. Supervisors may look.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和督办人员可以查看底图版本", RefusalEn = "Only administrators and supervisors may see the base-map versions")]
public sealed record ListBaseMapLayerVersionsQuery : IQuery<IReadOnlyList<BaseMapCategoryVersions>>;

public sealed record BaseMapCategoryVersions(string Code, string Name, string NameEn, IReadOnlyList<BaseMapLayerVersion> Versions);

/// <param name="ExtentText">The bounding box in the storage CRS, "minX, minY – maxX, maxY" in metres.</param>
/// <param name="CoverageSvgPath">The coverage outline as an SVG path in a 100 × 100 box fitted to the extent.</param>
public sealed record BaseMapLayerVersion(
    Guid Id, int Version, bool IsCurrent, string ImportedBy, DateTimeOffset ImportedAt, string SourceFile, string SourceFormat,
    int FeatureCount, int RepairedCount, string? ExtentText, string? CoverageSvgPath, DateTimeOffset? SupersededAt);

public sealed class ListBaseMapLayerVersionsHandler(ApprovalsDbContext db, ProvinceRules rules)
    : IQueryHandler<ListBaseMapLayerVersionsQuery, IReadOnlyList<BaseMapCategoryVersions>>
{
    public async ValueTask<IReadOnlyList<BaseMapCategoryVersions>> Handle(ListBaseMapLayerVersionsQuery query, CancellationToken ct)
    {
        var layers = await db.BaseMapLayers.AsNoTracking().OrderByDescending(l => l.Version).ToListAsync(ct);
        return rules.Catalogue.Categories.Select(c => new BaseMapCategoryVersions(c.Code, c.Name, c.NameEn,
            layers.Where(l => string.Equals(l.CategoryCode, c.Code, StringComparison.OrdinalIgnoreCase)).Select(l => new BaseMapLayerVersion(
                l.Id, l.Version, l.IsCurrent, l.ImportedByName, l.ImportedAt, l.SourceFileName, l.SourceFormat, l.FeatureCount, l.RepairedCount,
                l.Extent is null ? null : ExtentText(l.Extent.EnvelopeInternal), l.Extent is null ? null : SvgPath(l.Coverage, l.Extent.EnvelopeInternal),
                l.SupersededAt)).ToList())).ToList();
    }

    private static string ExtentText(Envelope e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.MinX:F0}, {e.MinY:F0} – {e.MaxX:F0}, {e.MaxY:F0}");

    /// <summary>The coverage's outer rings scaled into 0–100 (y flipped: north up), simplified to a few hundred points.</summary>
    private static string? SvgPath(MultiPolygon coverage, Envelope extent)
    {
        if (coverage.IsEmpty) return null;
        var size = Math.Max(extent.Width, extent.Height);
        if (size <= 0) return null;
        var simplified = NetTopologySuite.Simplify.TopologyPreservingSimplifier.Simplify(coverage, size / 200);
        var path = new StringBuilder();
        for (var i = 0; i < simplified.NumGeometries; i++)
        {
            if (simplified.GetGeometryN(i) is not Polygon polygon) continue;
            var ring = polygon.ExteriorRing.Coordinates;
            for (var j = 0; j < ring.Length; j++)
                path.Append(CultureInfo.InvariantCulture, $"{(j == 0 ? "M" : "L")}{(ring[j].X - extent.MinX) / size * 100:F1},{100 - (ring[j].Y - extent.MinY) / size * 100:F1} ");
            path.Append('Z');
        }
        return path.ToString();
    }
}
