using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.Routing;
using Approvals.Spatial.Coordinates;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Approvals.Application.Jurisdictions;

/// <summary>
/// How a boundary fits the county the applicant chose: how much of it lies outside the county's extent, and which county
/// it appears to lie in instead. The pre-check shows it; a submission with any part outside is refused.
/// </summary>
/// <param name="Outside">Area of the boundary outside the chosen county's extent.</param>
/// <param name="AppearsIn">The county whose extent holds most of the boundary, when it is not the chosen one.</param>
public sealed record CountyFit(Jurisdiction County, Area Outside, Jurisdiction? AppearsIn)
{
    /// <summary>Below this the difference is floating-point noise along the extent's edge (m²).</summary>
    private const double NoiseM2 = 0.01;

    public bool Fits => Outside.SquareMetres <= (decimal)NoiseM2;

    /// <summary>What the applicant is told when the boundary does not fit, in both languages.</summary>
    public BilingualText Message => AppearsIn is { } other
        ? new BilingualText(
            $"红线有 {Outside.HectaresText} 公顷位于所选的{County.Name}范围之外，似位于{other.Name}：请核对项目所在县或红线坐标",
            $"{Outside.HectaresText} ha of the boundary lies outside the chosen {County.NameEn}; it appears to lie in {other.NameEn}. Check the county or the boundary's coordinates")
        : new BilingualText(
            $"红线有 {Outside.HectaresText} 公顷位于所选的{County.Name}范围之外，且不在本系统任何已登记的县内：请核对项目所在县或红线坐标",
            $"{Outside.HectaresText} ha of the boundary lies outside the chosen {County.NameEn} and in no county this system knows. Check the county or the boundary's coordinates");

    /// <summary>
    /// Measures <paramref name="boundary"/> (in its storage CRS) against the extent of county <paramref name="countyCode"/>;
    /// null when the county is unknown or has no extent recorded, so nothing can be said.
    /// </summary>
    public static async Task<CountyFit?> MeasureAsync(ApprovalsDbContext db, string? countyCode, MultiPolygon boundary, CancellationToken ct)
    {
        if (countyCode is null || boundary.IsEmpty) return null;
        var extents = await db.Set<JurisdictionExtent>().AsNoTracking().ToListAsync(ct);
        var own = extents.SingleOrDefault(e => e.Code == countyCode);
        if (own is null) return null;
        var counties = await db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.County).ToDictionaryAsync(j => j.Code, ct);
        if (!counties.TryGetValue(countyCode, out var county)) return null;

        var outside = boundary.Difference(Box(own, boundary.SRID)).Area;
        if (outside <= NoiseM2) return new CountyFit(county, Area.Zero, null);

        // The county whose box holds most of the boundary; among equals, the one whose box centre is nearest.
        var centre = boundary.Centroid;
        var appearsIn = extents
            .Where(e => e.Code != countyCode && counties.ContainsKey(e.Code))
            .Select(e => (Extent: e, Box: Box(e, boundary.SRID)))
            .Select(e => (e.Extent, Inside: boundary.Intersection(e.Box).Area, Distance: e.Box.Centroid.Distance(centre)))
            .Where(e => e.Inside > NoiseM2)
            .OrderByDescending(e => Math.Round(e.Inside, 0)).ThenBy(e => e.Distance)
            .Select(e => counties[e.Extent.Code])
            .FirstOrDefault();
        return new CountyFit(county, Area.FromSquareMetres(outside), appearsIn);
    }

    /// <summary>Refuses (400 on "boundary") a boundary that does not lie within the chosen county.</summary>
    public static async Task EnsureWithinAsync(ApprovalsDbContext db, string countyCode, MultiPolygon boundary, CancellationToken ct)
    {
        if (await MeasureAsync(db, countyCode, boundary, ct) is { Fits: false } misfit)
            throw new ValidationException([new ValidationFailure("boundary", misfit.Message.Text())]);
    }

    /// <summary>The box in the storage CRS; its edges are densified first, since parallels are curves there.</summary>
    private static Geometry Box(JurisdictionExtent e, int srid)
    {
        const int Steps = 64;
        var ring = new List<Coordinate>();
        void Edge(double x0, double y0, double x1, double y1)
        {
            for (var i = 0; i < Steps; i++)
                ring.Add(new Coordinate(x0 + (x1 - x0) * i / Steps, y0 + (y1 - y0) * i / Steps));
        }
        Edge(e.MinLongitude, e.MinLatitude, e.MaxLongitude, e.MinLatitude);
        Edge(e.MaxLongitude, e.MinLatitude, e.MaxLongitude, e.MaxLatitude);
        Edge(e.MaxLongitude, e.MaxLatitude, e.MinLongitude, e.MaxLatitude);
        Edge(e.MinLongitude, e.MaxLatitude, e.MinLongitude, e.MinLatitude);
        ring.Add(ring[0].Copy());
        var factory = new GeometryFactory(new PrecisionModel(), Cgcs2000Crs.GeographicSrid);
        var box = factory.CreatePolygon(ring.ToArray());
        return CoordinateTransformer.Transform(box, Cgcs2000Crs.GeographicSrid, srid);
    }
}
