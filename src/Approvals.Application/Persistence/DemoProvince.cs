using Approvals.Application.Jurisdictions;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Persistence;

/// <summary>The demo province of DOMAIN.md (Shanxi) with real administrative division codes.</summary>
public static class DemoProvince
{
    public static readonly Jurisdiction[] Jurisdictions =
    [
        new("140000", "山西省", "Shanxi Province", JurisdictionLevel.Province, null),
        new("140500", "晋城市", "Jincheng City", JurisdictionLevel.City, "140000"),
        new("140525", "泽州县", "Zezhou County", JurisdictionLevel.County, "140500"),
        new("140522", "阳城县", "Yangcheng County", JurisdictionLevel.County, "140500"),
        new("140581", "高平市", "Gaoping City (county-level)", JurisdictionLevel.County, "140500"),
        new("140100", "太原市", "Taiyuan City", JurisdictionLevel.City, "140000"),
        new("140121", "清徐县", "Qingxu County", JurisdictionLevel.County, "140100"),
        new("140122", "阳曲县", "Yangqu County", JurisdictionLevel.County, "140100"),
    ];

    /// <summary>
    /// The demo counties' boxes (lon/lat). Like the demo's county outlines they are synthetic: the counties' real
    /// extents, widened where the demo's synthetic base maps and parcels place a county's projects (Zezhou reaches
    /// 112.40°E). A real deployment loads the official extents or outlines.
    /// </summary>
    public static readonly JurisdictionExtent[] Extents =
    [
        new() { Code = "140525", MinLongitude = 112.40, MinLatitude = 35.20, MaxLongitude = 113.25, MaxLatitude = 35.72 },
        new() { Code = "140522", MinLongitude = 112.00, MinLatitude = 35.20, MaxLongitude = 112.70, MaxLatitude = 35.72 },
        new() { Code = "140581", MinLongitude = 112.70, MinLatitude = 35.60, MaxLongitude = 113.20, MaxLatitude = 36.05 },
        new() { Code = "140121", MinLongitude = 112.10, MinLatitude = 37.35, MaxLongitude = 112.70, MaxLatitude = 37.80 },
        new() { Code = "140122", MinLongitude = 112.30, MinLatitude = 37.85, MaxLongitude = 113.00, MaxLatitude = 38.35 },
    ];

    /// <summary>
    /// The demo's synthetic outlines in <paramref name="srid"/>: each county's box, each city the union of its counties'
    /// boxes. They hold every demo case and the synthetic base maps' features of their county (the base maps and parcels
    /// were placed by these boxes), so the outline check of the demo agrees with the box check it replaces. Neighbouring
    /// boxes overlap; official outlines (<c>approvals jurisdictions import</c>) do not.
    /// </summary>
    public static IReadOnlyList<(string Code, NetTopologySuite.Geometries.MultiPolygon Geometry)> Outlines(int srid)
    {
        var factory = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), srid);
        var counties = Extents.Select(e => (e.Code, Geometry: factory.CreateMultiPolygon([e.Polygon(srid)]))).ToList();
        var cities = Jurisdictions.Where(j => j.Level == JurisdictionLevel.City).Select(city =>
        {
            var own = Jurisdictions.Where(j => j.ParentCode == city.Code).Select(j => counties.Single(c => c.Code == j.Code).Geometry);
            var union = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(own.Cast<NetTopologySuite.Geometries.Geometry>().ToList());
            var multi = union as NetTopologySuite.Geometries.MultiPolygon ?? factory.CreateMultiPolygon([(NetTopologySuite.Geometries.Polygon)union]);
            multi.SRID = srid;
            return (city.Code, Geometry: multi);
        });
        return counties.Concat(cities).ToList();
    }
}
