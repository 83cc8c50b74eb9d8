using System.Text;
using Approvals.Spatial.Boundaries;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Tests.Boundaries;

public class GeoJsonReaderTests
{
    // The DOMAIN.md sample square (zone 38, 100 m × 100 m) and a second square 500 m east, as lon/lat.
    // Corners computed with PROJ 9.1.1: echo "3930000 38396000" | cs2cs -f %.10f EPSG:4526 EPSG:4490
    const string Square = "[[112.8538450232,35.4939657529],[112.8549468985,35.4939762157],[112.8549596857,35.4930750864],[112.8538578226,35.4930646240],[112.8538450232,35.4939657529]]";
    const string EastSquare = "[[112.8593544057,35.4940179663],[112.8604562839,35.4940283787],[112.8604690096,35.4931272477],[112.8593671437,35.4931168356],[112.8593544057,35.4940179663]]";
    const string SquareIn4526 = "[[38396000,3930000],[38396100,3930000],[38396100,3929900],[38396000,3929900],[38396000,3930000]]";

    static readonly GeoJsonBoundaryReader Reader = new();

    static Boundary ReadOk(string json, int? sourceSrid = null)
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes(json), sourceSrid);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Boundary!;
    }

    static BoundaryError ReadSingleError(string json, int? sourceSrid = null)
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes(json), sourceSrid);
        Assert.Null(result.Boundary);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void A_lon_lat_Polygon_is_transformed_to_4526_with_the_area_of_the_same_parcel_in_4526()
    {
        var boundary = ReadOk($$$"""{"type":"Polygon","coordinates":[{{{Square}}}]}""");
        var reference = ReadOk($$$"""{"type":"Polygon","coordinates":[{{{SquareIn4526}}}]}""", sourceSrid: 4526);

        Assert.Equal(BoundaryFormat.GeoJson, boundary.Format);
        Assert.Equal(4490, boundary.SourceSrid);
        Assert.Equal(4526, boundary.StorageSrid);
        var parcel = Assert.Single(boundary.Parcels);
        Assert.Equal("1", parcel.Number);
        Assert.Equal(4526, parcel.Geometry.SRID);
        Assert.Equal(reference.Parcels[0].AreaM2, parcel.AreaM2, reference.Parcels[0].AreaM2 * 0.005);
        var envelope = parcel.Geometry.EnvelopeInternal;
        Assert.Equal(38396000.0, envelope.MinX, 0.001);
        Assert.Equal(38396100.0, envelope.MaxX, 0.001);
        Assert.Equal(3929900.0, envelope.MinY, 0.001);
        Assert.Equal(3930000.0, envelope.MaxY, 0.001);
    }

    [Fact]
    public void A_Feature_takes_its_name_and_number_from_its_properties()
    {
        var boundary = ReadOk($$$"""
            {"type":"Feature","properties":{"name":"取土场","number":"DK-7","用途":"采矿用地"},
             "geometry":{"type":"Polygon","coordinates":[{{{Square}}}]}}
            """);

        var parcel = Assert.Single(boundary.Parcels);
        Assert.Equal("DK-7", parcel.Number);
        Assert.Equal("取土场", parcel.Name);
        Assert.Equal("采矿用地", parcel.DeclaredUse);
        Assert.Null(parcel.DeclaredAreaHa);
        Assert.False(parcel.DeclaredAreaMismatch);
    }

    [Fact]
    public void Each_feature_of_a_FeatureCollection_is_a_parcel()
    {
        var boundary = ReadOk($$$"""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"名称":"西块","地块编号":3},"geometry":{"type":"Polygon","coordinates":[{{{Square}}}]}},
              {"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[{{{EastSquare}}}]}}
            ]}
            """);

        Assert.Equal(2, boundary.Parcels.Count);
        Assert.Equal("3", boundary.Parcels[0].Number);
        Assert.Equal("西块", boundary.Parcels[0].Name);
        Assert.Equal("2", boundary.Parcels[1].Number);
        Assert.Null(boundary.Parcels[1].Name);
        Assert.Equal(20_000.0, boundary.TotalAreaM2, 100.0);
    }

    [Fact]
    public void A_MultiPolygon_stays_one_parcel_with_two_parts()
    {
        var boundary = ReadOk($$$"""{"type":"MultiPolygon","coordinates":[[{{{Square}}}],[{{{EastSquare}}}]]}""");

        var parcel = Assert.Single(boundary.Parcels);
        Assert.Equal(2, Assert.IsType<MultiPolygon>(parcel.Geometry).NumGeometries);
        Assert.Equal(20_000.0, parcel.AreaM2, 20_000.0 * 0.005);
    }

    [Fact]
    public void With_source_SRID_4526_coordinates_are_taken_as_they_are()
    {
        var boundary = ReadOk($$$"""{"type":"Polygon","coordinates":[{{{SquareIn4526}}}]}""", sourceSrid: 4526);

        Assert.Equal(4526, boundary.SourceSrid);
        var shell = ((Polygon)boundary.Parcels[0].Geometry).Shell.Coordinates;
        Assert.Equal(new Coordinate(38396000, 3930000), shell[0]);
        Assert.Equal(new Coordinate(38396100, 3929900), shell[2]);
        Assert.Equal(10_000.0, boundary.Parcels[0].AreaM2, 1e-9);
    }

    [Fact]
    public void A_legacy_crs_member_names_the_source_CRS()
    {
        var boundary = ReadOk($$$"""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},
             "features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[{{{SquareIn4526}}}]}}]}
            """);

        Assert.Equal(4526, boundary.SourceSrid);
        Assert.Equal(10_000.0, boundary.Parcels[0].AreaM2, 1e-9);
    }

    [Fact]
    public void Projected_coordinates_without_a_source_SRID_are_out_of_range_for_lon_lat()
    {
        var error = ReadSingleError($$$"""{"type":"Polygon","coordinates":[{{{SquareIn4526}}}]}""");

        Assert.Equal(BoundaryErrorCodes.CoordinateOutOfRange, error.Code);
        Assert.Contains("EPSG:4526", error.MessageEn);
    }

    [Fact]
    public void A_source_SRID_of_another_zone_is_checked_against_the_coordinates()
    {
        var error = ReadSingleError($$$"""{"type":"Polygon","coordinates":[{{{SquareIn4526}}}]}""", sourceSrid: 4527);

        Assert.Equal(BoundaryErrorCodes.ZoneMismatch, error.Code);
    }

    [Fact]
    public void An_unsupported_source_SRID_is_an_error()
    {
        var error = ReadSingleError($$$"""{"type":"Polygon","coordinates":[{{{Square}}}]}""", sourceSrid: 3857);

        Assert.Equal(BoundaryErrorCodes.UnsupportedCrs, error.Code);
    }

    [Theory]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[112.85,35.49],[112.86,35.49]")]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":\"oops\"}")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[1e400,35.49],[112.86,35.49],[112.86,35.48],[1e400,35.49]]]}")]
    public void Malformed_JSON_is_an_error_not_an_exception(string json)
    {
        var error = ReadSingleError(json);

        Assert.Equal(BoundaryErrorCodes.UnreadableFile, error.Code);
    }

    [Fact]
    public void An_unclosed_ring_is_reported_with_its_last_point()
    {
        var error = ReadSingleError("""{"type":"Polygon","coordinates":[[[112.85,35.49],[112.86,35.49],[112.86,35.48],[112.85,35.48]]]}""");

        Assert.Equal(BoundaryErrorCodes.RingNotClosed, error.Code);
        Assert.Equal("地块 1 第 1 圈 第 4 点：环未闭合（首尾点不一致）", error.MessageZh);
        Assert.Equal("Parcel 1, ring 1, point #4: ring is not closed (first and last points differ)", error.MessageEn);
    }

    [Fact]
    public void A_LineString_is_not_a_parcel()
    {
        var error = ReadSingleError("""{"type":"LineString","coordinates":[[112.85,35.49],[112.86,35.49]]}""");

        Assert.Equal(BoundaryErrorCodes.UnsupportedGeometryKind, error.Code);
    }

    [Fact]
    public void A_hole_outside_its_shell_is_reported()
    {
        string hole = "[[112.8593544057,35.4940179663],[112.8593671437,35.4931168356],[112.8604690096,35.4931272477],[112.8604562839,35.4940283787],[112.8593544057,35.4940179663]]";

        var error = ReadSingleError($$$"""{"type":"Polygon","coordinates":[{{{Square}}},{{{hole}}}]}""");

        Assert.Equal(BoundaryErrorCodes.HoleOutsideShell, error.Code);
        Assert.Equal(2, error.Ring);
    }

    [Fact]
    public void A_polygon_in_Beijing_is_outside_Shanxi()
    {
        var error = ReadSingleError("""{"type":"Polygon","coordinates":[[[116.39,39.90],[116.40,39.90],[116.40,39.91],[116.39,39.91],[116.39,39.90]]]}""");

        Assert.Equal(BoundaryErrorCodes.OutsideProvince, error.Code);
    }

    [Fact]
    public void A_crossing_in_a_lon_lat_boundary_is_quoted_in_longitude_and_latitude_not_in_grid_metres()
    {
        // The square's corners in the order NW, NE, SW, SE: the edges NE–SW and SE–NW cross at its centre.
        const string BowTie = "[[112.8538450232,35.4939657529],[112.8549468985,35.4939762157],[112.8538578226,35.4930646240],[112.8549596857,35.4930750864],[112.8538450232,35.4939657529]]";

        var error = ReadSingleError($$$"""{"type":"Polygon","coordinates":[{{{BowTie}}}]}""");

        Assert.Equal(BoundaryErrorCodes.SelfIntersection, error.Code);
        Assert.Contains("（经度 112.854", error.MessageZh);
        Assert.Contains("纬度 35.4935", error.MessageZh);
        Assert.Contains("(lon 112.854", error.MessageEn);
        Assert.DoesNotContain("X=", error.MessageZh);
        Assert.DoesNotContain("northing", error.MessageEn);
        // The structured location stays in the storage CRS, for maps.
        Assert.Equal(38396050.0, error.Location!.Value.X, 1.0);
    }

    [Fact]
    public void A_crossing_in_a_boundary_of_another_zone_is_quoted_in_that_zone_s_grid_coordinates()
    {
        // The same bow tie as 4526 metres, given as zone 37 (EPSG:4525) coordinates of the same place.
        var corners = new[] { (38396000.0, 3930000.0), (38396100.0, 3930000.0), (38396000.0, 3929900.0), (38396100.0, 3929900.0), (38396000.0, 3930000.0) }
            .Select(c => Approvals.Spatial.Coordinates.CoordinateTransformer.Transform(c.Item1, c.Item2, 4526, 4525))
            .Select(c => FormattableString.Invariant($"[{c.X:F3},{c.Y:F3}]"));

        var error = ReadSingleError($$"""{"type":"Polygon","coordinates":[[{{string.Join(",", corners)}}]]}""", sourceSrid: 4525);

        Assert.Equal(BoundaryErrorCodes.SelfIntersection, error.Code);
        // X is the northing, Y the easting with the file's zone prefix 37, not the storage zone 38.
        Assert.Matches(@"（X=39\d{5}\.\d\d，Y=37\d{6}\.\d\d）", error.MessageZh);
    }
}
