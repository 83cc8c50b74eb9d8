using Approvals.Application.Cases;
using Approvals.Application.Drafts;
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
/// it hit, in lon/lat (EPSG:4490), each hit with its category. A check is readable by its creator, staff,
/// and the organisation whose draft it pre-checked; a case by whoever may see the case.
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
        SpatialCheck? check;
        if (query.CaseId is { } caseId)
        {
            var c = await CaseAccess.FindVisibleAsync(db, actor, caseId, ct);
            boundary = c.Boundary;
            // The case's report names the stored check it came from; the boundary is the case's current one.
            var checkId = c.SpatialReport is null ? null : ComparisonReport.FromJson(c.SpatialReport).Id;
            check = checkId is null ? null : await db.SpatialChecks.AsNoTracking().SingleOrDefaultAsync(x => x.Id == checkId, ct);
        }
        else
        {
            check = await db.SpatialChecks.AsNoTracking().SingleOrDefaultAsync(x => x.Id == query.SpatialCheckId, ct);
            if (check is null || !await MayReadAsync(actor, check, ct))
                throw new NotFoundException(Bilingual.Text("没有找到这次落图分析", "This spatial check was not found"));
            boundary = check.Boundary;
        }

        var hits = new List<BoundaryMapHit>();
        if (check is not null)
        {
            var map = await SpatialCheckMaps.LoadAsync(db, check, ct);
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

    private async Task<bool> MayReadAsync(Actor actor, SpatialCheck check, CancellationToken ct) =>
        actor.IsSystem || actor.Role is { } role && (Roles.IsStaff(role) || role == Roles.Administrator)
        || actor.UserId is not null && check.CreatedById == actor.UserId
        || actor.IsInRole(Roles.Applicant) && actor.OrganisationId is { } organisation
            && await db.Set<Draft>().AnyAsync(d => d.SpatialCheckId == check.Id && d.OrganisationId == organisation, ct);
}
