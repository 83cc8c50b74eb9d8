using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Tests.Coordinates;

public class CoordinateTransformerTests
{
    const double Millimetre = 0.001;
    const double GeographicTolerance = 1e-8;

    // Reference values computed with PROJ 9.1.1 (Debian proj-bin), e.g.
    //   echo "35.5 114.0" | cs2cs -f %.6f EPSG:4490 EPSG:4526
    // cs2cs uses the EPSG axis order: latitude, longitude in; northing, easting out.
    public static TheoryData<double, double, int, double, double> GeographicToProjected => new()
    {
        // lon, lat, target EPSG, expected easting, expected northing
        { 114.0, 35.5, 4526, 38500000.000000, 3930065.482614 },
        { 113.3, 35.49, 4526, 38436481.035882, 3929181.258996 },
        { 112.55, 37.87, 4526, 38372415.048848, 4194059.799993 },
        { 115.2, 36.0, 4526, 38608198.892242, 3986208.720702 },
        { 112.55, 37.87, 4525, 37636384.430084, 4194201.250182 },
        { 113.3, 35.49, 4547, 436481.035882, 3929181.258996 },
        { 112.55, 37.87, 4546, 636384.430084, 4194201.250182 },
    };

    [Theory]
    [MemberData(nameof(GeographicToProjected))]
    public void Geographic_CGCS2000_projects_to_the_values_PROJ_gives(double lon, double lat, int target, double easting, double northing)
    {
        var (x, y) = CoordinateTransformer.Transform(lon, lat, 4490, target);

        Assert.Equal(easting, x, Millimetre);
        Assert.Equal(northing, y, Millimetre);
    }

    [Fact]
    public void Projected_zone_38_unprojects_to_the_values_PROJ_gives()
    {
        // echo "3930000 38396000" | cs2cs -f %.12f EPSG:4526 EPSG:4490  →  35.493965752930 112.853845023151
        var (lon, lat) = CoordinateTransformer.Transform(38396000.0, 3930000.0, 4526, 4490);

        Assert.Equal(112.853845023151, lon, GeographicTolerance);
        Assert.Equal(35.493965752930, lat, GeographicTolerance);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(38)]
    [InlineData(45)]
    public void A_point_on_the_central_meridian_has_easting_zone_times_a_million_plus_500000(int zone)
    {
        int prefixed = Cgcs2000Crs.SridForZone(zone, withZonePrefix: true);
        int unprefixed = Cgcs2000Crs.SridForZone(zone, withZonePrefix: false);

        var (x, _) = CoordinateTransformer.Transform(zone * 3.0, 36.0, 4490, prefixed);
        var (x2, _) = CoordinateTransformer.Transform(zone * 3.0, 36.0, 4490, unprefixed);

        Assert.Equal(zone * 1_000_000.0 + 500_000.0, x, 1e-6);
        Assert.Equal(500_000.0, x2, 1e-6);
    }

    [Theory]
    [InlineData(4526, 4490)]
    [InlineData(4526, 4525)]
    [InlineData(4526, 4547)]
    [InlineData(4526, 4546)]
    public void Round_trips_return_to_the_start_within_a_millimetre(int from, int via)
    {
        double x0 = 38436481.035882, y0 = 3929181.258996;

        var (x1, y1) = CoordinateTransformer.Transform(x0, y0, from, via);
        var (x2, y2) = CoordinateTransformer.Transform(x1, y1, via, from);

        Assert.Equal(x0, x2, Millimetre);
        Assert.Equal(y0, y2, Millimetre);
    }

    [Fact]
    public void The_same_zone_with_and_without_prefix_differs_exactly_by_the_prefix()
    {
        Assert.Equal((396000.0, 3930000.0), CoordinateTransformer.Transform(38396000.0, 3930000.0, 4526, 4547));
        Assert.Equal((38396000.0, 3930000.0), CoordinateTransformer.Transform(396000.0, 3930000.0, 4547, 4526));
    }

    [Fact]
    public void Zones_map_to_EPSG_codes_with_and_without_prefix()
    {
        Assert.Equal(4526, Cgcs2000Crs.SridForZone(38, withZonePrefix: true));
        Assert.Equal(4547, Cgcs2000Crs.SridForZone(38, withZonePrefix: false));
        Assert.Equal(4513, Cgcs2000Crs.SridForZone(25, true));
        Assert.Equal(4554, Cgcs2000Crs.SridForZone(45, false));

        var crs = Cgcs2000Crs.FromSrid(4547);
        Assert.Equal(114.0, crs.CentralMeridian);
        Assert.Equal(500_000.0, crs.FalseEasting);
        Assert.False(crs.HasZonePrefix);
        Assert.Equal(38_500_000.0, Cgcs2000Crs.FromSrid(4526).FalseEasting);
    }

    [Theory]
    [InlineData(4326)]
    [InlineData(4512)]
    [InlineData(4555)]
    [InlineData(3857)]
    public void Unsupported_SRIDs_are_refused_with_a_clear_error(int srid)
    {
        var error = Assert.Throws<UnsupportedCrsException>(() => CoordinateTransformer.Transform(114.0, 35.0, 4490, srid));

        Assert.Equal(srid, error.Srid);
        Assert.Contains($"EPSG:{srid}", error.Message);
        Assert.Throws<UnsupportedCrsException>(() => new CoordinateTransformer(srid));
    }

    [Fact]
    public void Whole_polygons_are_transformed_ring_by_ring_into_the_storage_CRS()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var shell = factory.CreateLinearRing([new(113.0, 35.0), new(113.1, 35.0), new(113.1, 35.1), new(113.0, 35.1), new(113.0, 35.0)]);
        var hole = factory.CreateLinearRing([new(113.02, 35.02), new(113.02, 35.04), new(113.04, 35.04), new(113.04, 35.02), new(113.02, 35.02)]);
        var polygon = factory.CreatePolygon(shell, [hole]);
        var transformer = new CoordinateTransformer(4526);

        var stored = (Polygon)transformer.ToStorage(polygon, 4490);
        var back = (Polygon)transformer.FromStorage(stored, 4490);

        Assert.Equal(4526, stored.SRID);
        Assert.Single(stored.Holes);
        var (ex, ey) = CoordinateTransformer.Transform(113.1, 35.1, 4490, 4526);
        Assert.Equal(ex, stored.Shell.Coordinates[2].X, 1e-9);
        Assert.Equal(ey, stored.Shell.Coordinates[2].Y, 1e-9);
        Assert.Equal(4490, back.SRID);
        Assert.Equal(113.04, back.Holes[0].Coordinates[2].X, GeographicTolerance);
        Assert.Equal(35.04, back.Holes[0].Coordinates[2].Y, GeographicTolerance);
        Assert.Equal(113.0, polygon.Shell.Coordinates[0].X); // input untouched
    }
}
