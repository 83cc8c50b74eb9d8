using System.Text;
using Approvals.Spatial.Boundaries;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Tests.Boundaries;

public class CoordinateTxtReaderTests
{
    static CoordinateTxtReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    const string Header = """
        [属性描述]
        格式版本号=1.0
        数据产生单位=某某勘测院
        数据产生日期=2024-05-01
        坐标系=2000国家大地坐标系
        几度分带=3
        投影类型=高斯克吕格
        计量单位=米
        带号=38
        精度=0.01
        转换参数=,,,,,,
        [地块坐标]
        """;

    /// <summary>The sample from DOMAIN.md: a 100 m × 100 m square in zone 38, declared 1.0 ha.</summary>
    const string DomainSample = Header + """

        5,1.0000,1,地块1,面,,公路用地,,@
        J1,1,3930000.00,38396000.00
        J2,1,3930000.00,38396100.00
        J3,1,3929900.00,38396100.00
        J4,1,3929900.00,38396000.00
        J1,1,3930000.00,38396000.00
        """;

    static readonly BoundaryCoordinateTxtReader Reader = new();

    static Boundary ReadOk(string text)
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes(text));
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Errors);
        return result.Boundary!;
    }

    static BoundaryError ReadSingleError(string text)
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes(text));
        Assert.False(result.Succeeded);
        Assert.Null(result.Boundary);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void The_domain_sample_is_a_one_hectare_parcel_in_zone_38_stored_in_4526()
    {
        var boundary = ReadOk(DomainSample);

        Assert.Equal(BoundaryFormat.CoordinateTxt, boundary.Format);
        Assert.Equal(4526, boundary.SourceSrid);
        Assert.Equal(4526, boundary.StorageSrid);
        var parcel = Assert.Single(boundary.Parcels);
        Assert.Equal("1", parcel.Number);
        Assert.Equal("地块1", parcel.Name);
        Assert.Equal("公路用地", parcel.DeclaredUse);
        Assert.Null(parcel.LandClassCode);
        Assert.Equal(1.0, parcel.DeclaredAreaHa);
        Assert.IsType<Polygon>(parcel.Geometry);
        Assert.Equal(4526, parcel.Geometry.SRID);
        Assert.Equal(10_000.0, parcel.AreaM2, 1e-6);
        Assert.Equal(1.0, parcel.AreaHa, 1e-9);
        Assert.Equal(15.0, parcel.AreaMu, 1e-9);
        Assert.False(parcel.DeclaredAreaMismatch);
        Assert.Equal(0.0, parcel.AreaDifferenceRatio!.Value, 1e-9);
        // X is the northing, Y the easting: the stored geometry has easting as X.
        Assert.Equal(new Envelope(38396000, 38396100, 3929900, 3930000), parcel.Geometry.EnvelopeInternal);
    }

    [Fact]
    public void A_storage_CRS_without_zone_prefix_gets_the_same_square_shifted_by_the_prefix()
    {
        var reader = new BoundaryCoordinateTxtReader(new BoundaryReadOptions { StorageSrid = 4547 });

        var boundary = reader.Read(Encoding.UTF8.GetBytes(DomainSample)).Boundary!;

        Assert.Equal(4547, boundary.StorageSrid);
        Assert.Equal(new Envelope(396000, 396100, 3929900, 3930000), boundary.Parcels[0].Geometry.EnvelopeInternal);
    }

    [Fact]
    public void A_GBK_file_with_two_parcels_reads_Chinese_names_and_subtracts_the_hole()
    {
        // Parcel 1: 200 m square with a 50 m square hole given as ring 2; parcel 2: plain 100 m square.
        string text = Header.Replace("带号=38", "带号=38\n数据来源=外业实测") + """

            [其他信息]
            备注=这一节应被忽略
            [地块坐标]
            5,3.7500,A-01,东区取土场,面,I49G001001,采矿用地,0602,@
            J1,1,3931000.00,38400000.00
            J2,1,3931000.00,38400200.00
            J3,1,3930800.00,38400200.00
            J4,1,3930800.00,38400000.00
            J1,1,3931000.00,38400000.00
            K1,2,3930950.00,38400050.00
            K2,2,3930950.00,38400100.00
            K3,2,3930900.00,38400100.00
            K4,2,3930900.00,38400050.00
            K1,2,3930950.00,38400050.00
            5,1.0000,A-02,西区道路,面,,公路用地,1003,@
            J5,1,3930000.00,38396000.00
            J6,1,3930000.00,38396100.00
            J7,1,3929900.00,38396100.00
            J8,1,3929900.00,38396000.00
            J5,1,3930000.00,38396000.00
            """;
        byte[] gbk = Encoding.GetEncoding(936).GetBytes(text.Replace("\n", "\r\n"));

        var result = Reader.Read(gbk);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        var boundary = result.Boundary!;
        Assert.Equal(2, boundary.Parcels.Count);
        var east = boundary.Parcels[0];
        Assert.Equal("A-01", east.Number);
        Assert.Equal("东区取土场", east.Name);
        Assert.Equal("采矿用地", east.DeclaredUse);
        Assert.Equal("0602", east.LandClassCode);
        var polygon = Assert.IsType<Polygon>(east.Geometry);
        Assert.Single(polygon.Holes);
        Assert.Equal(200.0 * 200.0 - 50.0 * 50.0, east.AreaM2, 1e-6);
        Assert.False(east.DeclaredAreaMismatch);
        Assert.Equal("西区道路", boundary.Parcels[1].Name);
        Assert.Equal(47_500.0, boundary.TotalAreaM2, 1e-6);
    }

    [Fact]
    public void Holes_are_decided_by_containment_not_by_ring_number()
    {
        // The hole comes first as ring 1 and the shell second as ring 2.
        string text = Header + """

            10,0,1,倒序,面,,,,@
            K1,1,3930950.00,38400050.00
            K2,1,3930950.00,38400100.00
            K3,1,3930900.00,38400100.00
            K4,1,3930900.00,38400050.00
            K1,1,3930950.00,38400050.00
            J1,2,3931000.00,38400000.00
            J2,2,3931000.00,38400200.00
            J3,2,3930800.00,38400200.00
            J4,2,3930800.00,38400000.00
            J1,2,3931000.00,38400000.00
            """;

        var parcel = ReadOk(text).Parcels[0];

        var polygon = Assert.IsType<Polygon>(parcel.Geometry);
        Assert.Single(polygon.Holes);
        Assert.Equal(37_500.0, parcel.AreaM2, 1e-6);
    }

    [Fact]
    public void A_parcel_with_two_separate_outer_rings_becomes_a_MultiPolygon()
    {
        string text = Header + """

            10,2.0,1,两块,面,,,,@
            J1,1,3930000.00,38396000.00
            J2,1,3930000.00,38396100.00
            J3,1,3929900.00,38396100.00
            J4,1,3929900.00,38396000.00
            J1,1,3930000.00,38396000.00
            K1,2,3930000.00,38396500.00
            K2,2,3930000.00,38396600.00
            K3,2,3929900.00,38396600.00
            K4,2,3929900.00,38396500.00
            K1,2,3930000.00,38396500.00
            """;

        var parcel = ReadOk(text).Parcels[0];

        var multi = Assert.IsType<MultiPolygon>(parcel.Geometry);
        Assert.Equal(2, multi.NumGeometries);
        Assert.Equal(20_000.0, parcel.AreaM2, 1e-6);
    }

    [Fact]
    public void A_point_count_that_excludes_the_closing_point_still_reads_with_blank_lines_and_trailing_spaces()
    {
        string text = DomainSample.Replace("5,1.0000,1,", "4,1.0000,1,").Replace("J2,1,3930000.00,38396100.00", "J2,1,3930000.00,38396100.00   \n\n  ")
            + "\n\n";

        var boundary = ReadOk(text.Replace("\n", "\r\n"));

        Assert.Equal(10_000.0, boundary.Parcels[0].AreaM2, 1e-6);
    }

    [Fact]
    public void A_UTF8_file_with_BOM_reads()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(DomainSample)];

        var result = Reader.Read(bytes);

        Assert.True(result.Succeeded);
        Assert.Equal("地块1", result.Boundary!.Parcels[0].Name);
    }

    [Fact]
    public void An_unclosed_ring_is_an_error_naming_parcel_ring_and_point_and_is_not_closed_silently()
    {
        string text = DomainSample + """

            4,1.0000,2,地块2,面,,公路用地,,@
            J4,1,3930000.00,38397000.00
            J5,1,3930000.00,38397100.00
            J6,1,3929900.00,38397100.00
            J7,1,3929900.00,38397000.00
            """;

        var error = ReadSingleError(text);

        Assert.Equal(BoundaryErrorCodes.RingNotClosed, error.Code);
        Assert.Equal("2", error.ParcelNumber);
        Assert.Equal("地块2", error.ParcelName);
        Assert.Equal(1, error.Ring);
        Assert.Equal("J7", error.PointName);
        Assert.Equal("地块 2 第 1 圈 J7：环未闭合（首尾点不一致）", error.MessageZh);
        Assert.Equal("Parcel 2, ring 1, point J7: ring is not closed (first and last points differ)", error.MessageEn);
    }

    [Fact]
    public void A_bow_tie_is_a_self_intersection_located_near_a_named_point()
    {
        string text = Header + """

            5,1.0000,1,蝴蝶,面,,,,@
            J1,1,3930000.00,38396000.00
            J2,1,3929900.00,38396100.00
            J3,1,3930000.00,38396100.00
            J4,1,3929900.00,38396000.00
            J1,1,3930000.00,38396000.00
            """;

        var error = ReadSingleError(text);

        Assert.Equal(BoundaryErrorCodes.SelfIntersection, error.Code);
        Assert.Equal("1", error.ParcelNumber);
        Assert.Equal(1, error.Ring);
        Assert.NotNull(error.PointName);
        Assert.StartsWith($"地块 1 第 1 圈 {error.PointName}：", error.MessageZh);
        Assert.Contains("cross", error.MessageEn);
        var (x, y) = error.Location!.Value;
        Assert.Equal(38396050.0, x, 1e-6); // the crossing is at the square's centre
        Assert.Equal(3929950.0, y, 1e-6);
        // Errors go out over HTTP as JSON: the location must serialise as numbers, not as an empty tuple.
        Assert.Contains("\"Location\":{\"X\":38396050", System.Text.Json.JsonSerializer.Serialize(error));
    }

    [Fact]
    public void Header_zone_38_with_coordinates_prefixed_39_is_a_zone_mismatch()
    {
        var error = ReadSingleError(DomainSample.Replace(",38396", ",39396"));

        Assert.Equal(BoundaryErrorCodes.ZoneMismatch, error.Code);
        Assert.Equal("J1", error.PointName);
        Assert.Contains("38", error.MessageEn);
        Assert.Contains("39", error.MessageEn);
    }

    [Fact]
    public void Coordinates_without_zone_prefix_use_the_header_zone_and_the_central_meridian_CRS()
    {
        var boundary = ReadOk(DomainSample.Replace(",38396", ",396"));

        Assert.Equal(4547, boundary.SourceSrid);
        Assert.Equal(new Envelope(38396000, 38396100, 3929900, 3930000), boundary.Parcels[0].Geometry.EnvelopeInternal);
    }

    [Fact]
    public void Coordinates_without_prefix_and_without_header_zone_are_refused()
    {
        var error = ReadSingleError(DomainSample.Replace(",38396", ",396").Replace("带号=38", "带号="));

        Assert.Equal(BoundaryErrorCodes.ZoneMissing, error.Code);
    }

    [Fact]
    public void A_boundary_outside_Shanxi_is_refused()
    {
        // Northing 4,600,000 m is about 41.5°N, north of Shanxi's 40.8°N.
        var error = ReadSingleError(DomainSample.Replace("39300", "46000").Replace("39299", "45999"));

        Assert.Equal(BoundaryErrorCodes.OutsideProvince, error.Code);
        Assert.Equal("1", error.ParcelNumber);
        Assert.Equal("J1", error.PointName);
        Assert.Contains("outside the province", error.MessageEn);
    }

    [Fact]
    public void A_line_parcel_is_refused()
    {
        var error = ReadSingleError(DomainSample.Replace(",地块1,面,", ",地块1,线,"));

        Assert.Equal(BoundaryErrorCodes.UnsupportedGeometryKind, error.Code);
    }

    [Fact]
    public void A_ring_with_three_points_is_too_few()
    {
        string text = Header + """

            3,0,1,三点,面,,,,@
            J1,1,3930000.00,38396000.00
            J2,1,3930000.00,38396100.00
            J1,1,3930000.00,38396000.00
            """;

        Assert.Equal(BoundaryErrorCodes.TooFewPoints, ReadSingleError(text).Code);
    }

    [Fact]
    public void An_unparseable_point_line_is_reported_with_its_line_number()
    {
        var error = ReadSingleError(DomainSample.Replace("J3,1,3929900.00,38396100.00", "J3,1,3929900.00;38396100.00"));

        Assert.Equal(BoundaryErrorCodes.MalformedLine, error.Code);
        Assert.Equal(16, error.Line);
    }

    [Fact]
    public void Xian_80_coordinates_are_refused_as_an_unsupported_CRS()
    {
        var error = ReadSingleError(DomainSample.Replace("2000国家大地坐标系", "1980西安坐标系"));

        Assert.Equal(BoundaryErrorCodes.UnsupportedCrs, error.Code);
    }

    [Fact]
    public void A_declared_area_more_than_one_percent_off_raises_the_mismatch_flag()
    {
        var within = ReadOk(DomainSample.Replace("5,1.0000,", "5,1.0099,")).Parcels[0];
        var beyond = ReadOk(DomainSample.Replace("5,1.0000,", "5,1.0200,")).Parcels[0];

        Assert.False(within.DeclaredAreaMismatch);
        Assert.True(beyond.DeclaredAreaMismatch);
        Assert.True(ReadOk(DomainSample.Replace("5,1.0000,", "5,1.0200,")).HasAreaMismatch);
        Assert.Equal(0.02 / 1.02, beyond.AreaDifferenceRatio!.Value, 1e-9);
    }

    [Fact]
    public void A_total_area_beyond_the_configured_maximum_is_implausible()
    {
        var reader = new BoundaryCoordinateTxtReader(new BoundaryReadOptions { MaxTotalAreaM2 = 5_000 });

        var result = reader.Read(Encoding.UTF8.GetBytes(DomainSample));

        Assert.Equal(BoundaryErrorCodes.AreaImplausible, Assert.Single(result.Errors).Code);
    }
}
