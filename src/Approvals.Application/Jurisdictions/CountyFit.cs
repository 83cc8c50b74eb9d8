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
/// How a boundary fits the county the applicant chose: how much of it lies outside the county's outline (or, without one, its box), and which county
/// it appears to lie in instead. The pre-check shows it; a submission with any part outside is refused.
/// </summary>
/// <param name="Outside">Area of the boundary outside the chosen county.</param>
/// <param name="AppearsIn">The county whose outline (or box) holds most of the boundary, when it is not the chosen one.</param>
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
    /// Measures <paramref name="boundary"/> (in its storage CRS) against county <paramref name="countyCode"/>: its outline
    /// where one is imported (<see cref="JurisdictionOutline"/>), otherwise its box (<see cref="JurisdictionExtent"/>);
    /// null when the county is unknown or has neither, so nothing can be said.
    /// </summary>
    public static async Task<CountyFit?> MeasureAsync(ApprovalsDbContext db, string? countyCode, MultiPolygon boundary, CancellationToken ct)
    {
        if (countyCode is null || boundary.IsEmpty) return null;
        var counties = await db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.County).ToDictionaryAsync(j => j.Code, ct);
        if (!counties.TryGetValue(countyCode, out var county)) return null;
        var shapes = await ShapesAsync(db, counties.Keys, boundary.SRID, ct);
        if (!shapes.TryGetValue(countyCode, out var own)) return null;

        var outside = boundary.Difference(own).Area;
        if (outside <= NoiseM2) return new CountyFit(county, Area.Zero, null);

        // The county whose shape holds most of the boundary; among equals, the one whose centre is nearest.
        var centre = boundary.Centroid;
        var appearsIn = shapes
            .Where(s => s.Key != countyCode)
            .Select(s => (Code: s.Key, Inside: boundary.Intersection(s.Value).Area, Distance: s.Value.Centroid.Distance(centre)))
            .Where(e => e.Inside > NoiseM2)
            .OrderByDescending(e => Math.Round(e.Inside, 0)).ThenBy(e => e.Distance)
            .Select(e => counties[e.Code])
            .FirstOrDefault();
        return new CountyFit(county, Area.FromSquareMetres(outside), appearsIn);
    }

    /// <summary>Each county's outline, or its box where it has none, in <paramref name="srid"/>.</summary>
    private static async Task<Dictionary<string, Geometry>> ShapesAsync(ApprovalsDbContext db, IEnumerable<string> counties, int srid, CancellationToken ct)
    {
        var codes = counties.ToList();
        var shapes = new Dictionary<string, Geometry>();
        foreach (var o in await db.Set<JurisdictionOutline>().AsNoTracking().Where(o => codes.Contains(o.Code)).ToListAsync(ct))
            shapes[o.Code] = o.Geometry.SRID == srid ? o.Geometry : CoordinateTransformer.Transform(o.Geometry, o.Geometry.SRID, srid);
        foreach (var e in await db.Set<JurisdictionExtent>().AsNoTracking().Where(e => codes.Contains(e.Code)).ToListAsync(ct))
            shapes.TryAdd(e.Code, e.Polygon(srid));
        return shapes;
    }

    /// <summary>Refuses (400 on "boundary") a boundary that does not lie within the chosen county.</summary>
    public static async Task EnsureWithinAsync(ApprovalsDbContext db, string countyCode, MultiPolygon boundary, CancellationToken ct)
    {
        if (await MeasureAsync(db, countyCode, boundary, ct) is { Fits: false } misfit)
            throw new ValidationException([new ValidationFailure("boundary", misfit.Message.Text())]);
    }
}
