using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Approvals.Spatial.Coordinates;
using Mediator;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Approvals.Application.SpatialChecks.GetBoundaryMap;

/// <summary>
/// What a web map (Leaflet) draws for a spatial check or a case: the boundary and the base-map features
/// it hit, in lon/lat (EPSG:4490), each hit with its category. A check is read as what it belongs to (its
/// case, its draft, or its creator: <see cref="SpatialCheckAccess"/>); a case by whoever may see the case.
/// </summary>
public sealed record GetBoundaryMapQuery(Guid? SpatialCheckId, Guid? CaseId) : IQuery<BoundaryMap>;

public sealed record BoundaryMap(Geometry Boundary, IReadOnlyList<BoundaryMapHit> Hits);

/// <param name="CategoryOrder">The category's place in the catalogue (1–15), which fixes its colour.</param>
public sealed record BoundaryMapHit(long Id, string CategoryCode, int CategoryOrder, string CategoryName, string? Name, decimal OverlapM2, Geometry Geometry);

public sealed class GetBoundaryMapHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules) : IQueryHandler<GetBoundaryMapQuery, BoundaryMap>
{
    public async ValueTask<BoundaryMap> Handle(GetBoundaryMapQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        MultiPolygon boundary;
        SpatialCheckMap? map;
        if (query.CaseId is { } caseId)
        {
            var c = await CaseAccess.FindVisibleAsync(db, actor, caseId, ct);
            boundary = c.Boundary;
            // The features the case's own report names, around the case's current boundary.
            map = c.SpatialReport is null ? null : await SpatialCheckMaps.MapAsync(db, c.Id, c.Boundary, ComparisonReport.FromJson(c.SpatialReport), ct);
        }
        else
        {
            var check = await SpatialCheckAccess.FindAsync(db, actor, query.SpatialCheckId ?? Guid.Empty, ct);
            boundary = check.Boundary;
            map = await SpatialCheckMaps.LoadAsync(db, check, ct);
        }

        var hits = new List<BoundaryMapHit>();
        if (map is not null)
        {
            var categories = rules.Catalogue.Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c.Code, x => x);
            foreach (var hit in map.Hits)
            {
                var (category, index) = categories[hit.CategoryCode];
                hits.Add(new BoundaryMapHit(hit.Id, hit.CategoryCode, index + 1, Bilingual.Text(category.Name, category.NameEn), hit.Name, hit.OverlapM2,
                    CoordinateTransformer.Transform(hit.Geometry, map.Srid, Cgcs2000Crs.GeographicSrid)));
            }
        }
        return new BoundaryMap(CoordinateTransformer.Transform(boundary, boundary.SRID, Cgcs2000Crs.GeographicSrid), hits);
    }
}
