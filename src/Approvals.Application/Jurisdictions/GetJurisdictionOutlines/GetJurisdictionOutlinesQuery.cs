using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Approvals.Spatial.Coordinates;
using Mediator;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace Approvals.Application.Jurisdictions.GetJurisdictionOutlines;

/// <summary>
/// The county and city outlines for a web map, in lon/lat (EPSG:4490). Outlines are public administrative data:
/// any signed-in user may read them (the applicant's maps show the county they file in).
/// </summary>
public sealed record GetJurisdictionOutlinesQuery : IQuery<IReadOnlyList<JurisdictionOutlineView>>;

public sealed record JurisdictionOutlineView(string Code, string Name, string Level, string? ParentCode, Geometry Geometry);

public sealed class GetJurisdictionOutlinesHandler(ApprovalsDbContext db) : IQueryHandler<GetJurisdictionOutlinesQuery, IReadOnlyList<JurisdictionOutlineView>>
{
    /// <summary>Vertices closer than this to the line are dropped for display (metres): invisible at county scale.</summary>
    private const double DisplayToleranceM = 5;

    public async ValueTask<IReadOnlyList<JurisdictionOutlineView>> Handle(GetJurisdictionOutlinesQuery query, CancellationToken ct)
    {
        var rows = await db.Set<JurisdictionOutline>().AsNoTracking()
            .Join(db.Jurisdictions.AsNoTracking(), o => o.Code, j => j.Code, (o, j) => new { o.Geometry, j })
            .OrderBy(r => r.j.Code).ToListAsync(ct);
        return rows.Select(r => new JurisdictionOutlineView(r.j.Code, Bilingual.Text(r.j.Name, r.j.NameEn), r.j.Level.ToString(), r.j.ParentCode,
            CoordinateTransformer.Transform(TopologyPreservingSimplifier.Simplify(r.Geometry, DisplayToleranceM), r.Geometry.SRID, Cgcs2000Crs.GeographicSrid)))
            .ToList();
    }
}
