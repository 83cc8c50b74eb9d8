using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NetTopologySuite.Geometries;

namespace Approvals.Application.BaseMaps.ListBaseMapLayers;

/// <summary>The categories in catalogue order with what is loaded for each (current versions only).</summary>
public sealed record ListBaseMapLayersQuery : IQuery<IReadOnlyList<BaseMapCategoryStatus>>;

/// <param name="Extent">Bounding box of the current versions' features in the storage CRS, or null without data.</param>
public sealed record BaseMapCategoryStatus(
    int Order, string Code, string Name, string NameEn, IReadOnlyList<int> CurrentVersions, int FeatureCount,
    Envelope? Extent, DateTimeOffset? LastImportedAt, int StorageSrid);

public sealed class ListBaseMapLayersHandler(ApprovalsDbContext db, ProvinceRules rules, IConfiguration configuration)
    : IQueryHandler<ListBaseMapLayersQuery, IReadOnlyList<BaseMapCategoryStatus>>
{
    public async ValueTask<IReadOnlyList<BaseMapCategoryStatus>> Handle(ListBaseMapLayersQuery query, CancellationToken ct)
    {
        var current = await db.BaseMapLayers.AsNoTracking().Where(l => l.IsCurrent).ToListAsync(ct);
        var srid = BaseMapStorage.StorageSrid(configuration);
        return rules.Catalogue.Categories.Select(c =>
        {
            var layers = current.Where(l => string.Equals(l.CategoryCode, c.Code, StringComparison.OrdinalIgnoreCase)).OrderBy(l => l.Version).ToList();
            Envelope? extent = null;
            foreach (var l in layers.Where(l => l.Extent is not null))
            {
                extent ??= new Envelope();
                extent.ExpandToInclude(l.Extent!.EnvelopeInternal);
            }
            return new BaseMapCategoryStatus(c.Order, c.Code, c.Name, c.NameEn, layers.Select(l => l.Version).ToList(),
                layers.Sum(l => l.FeatureCount), extent, layers.Count == 0 ? null : layers.Max(l => l.ImportedAt), srid);
        }).ToList();
    }
}
