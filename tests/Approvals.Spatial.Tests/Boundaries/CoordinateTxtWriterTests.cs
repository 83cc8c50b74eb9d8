using System.Text;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Tests.Boundaries;

/// <summary>A boundary written as 界址点 TXT is what a surveyor's file looks like, and our reader takes it back unchanged.</summary>
public class CoordinateTxtWriterTests
{
    const int Storage = 4526; // zone 38, central meridian 114°E
    static readonly GeometryFactory Factory = new(new PrecisionModel(), Storage);

    static Coordinate At(double lon, double lat, double east = 0, double north = 0)
    {
        var (x, y) = CoordinateTransformer.Transform(lon, lat, Cgcs2000Crs.GeographicSrid, Storage);
        return new Coordinate(x + east, y + north);
    }

    static LinearRing Square(Coordinate sw, double side, double inset = 0) => Factory.CreateLinearRing(
    [
        new(sw.X + inset, sw.Y + inset), new(sw.X + side - inset, sw.Y + inset), new(sw.X + side - inset, sw.Y + side - inset),
        new(sw.X + inset, sw.Y + side - inset), new(sw.X + inset, sw.Y + inset),
    ]);

    static Boundary ReadBack(byte[] file)
    {
        var result = new BoundaryReader(BoundaryReadOptions.Default with { StorageSrid = Storage }).Read(file, "export.txt");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.MessageEn)));
        return result.Boundary!;
    }

    [Fact]
    public void A_boundary_near_114E_is_written_in_zone_38_with_the_zone_in_the_header_and_in_front_of_each_easting()
    {
        var sw = At(113.9, 35.5);
        var parcel = Factory.CreatePolygon(Square(new Coordinate(Math.Round(sw.X), Math.Round(sw.Y)), 100));

        var text = BoundaryCoordinateTxtWriter.WriteText([new BoundaryTxtParcel("1", "地块1", parcel, "公路用地")], Storage, "测试", new DateOnly(2026, 12, 6));

        Assert.Contains("带号=38\r\n", text);
        Assert.Contains("坐标系=2000国家大地坐标系\r\n", text);
        Assert.Contains("精度=0.01\r\n", text);
        Assert.Contains("5,1.0000,1,地块1,面,,公路用地,,@\r\n", text);
        var points = text.Split("\r\n").SkipWhile(l => !l.EndsWith('@')).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(5, points.Count);
        Assert.StartsWith("J1,1,", points[0]);
        Assert.StartsWith("J1,1,", points[4]); // the ring is closed by its first point
        Assert.All(points, p => Assert.StartsWith("38", p.Split(',')[3]));
    }

    [Fact]
    public void A_boundary_west_of_112_5E_is_written_in_zone_37_and_read_back_with_the_same_area()
    {
        // Stored in zone 38, but a surveyor at 112.45°E works in zone 37 (central meridian 111°E).
        var sw = At(112.45, 35.5);
        var outer = Square(sw, 600);
        var parcel = Factory.CreatePolygon(outer, [Square(sw, 600, inset: 250)]);
        var second = Factory.CreatePolygon(Square(At(112.45, 35.5, east: 1000), 80));

        var file = BoundaryCoordinateTxtWriter.Write(
            [new BoundaryTxtParcel("1", "西，地块@", parcel), new BoundaryTxtParcel("2", "东地块", second)], Storage, "测试", new DateOnly(2026, 12, 6));

        var text = TextDecoding.Gbk.GetString(file);
        Assert.Contains("带号=37\r\n", text);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(file)); // GBK, not UTF-8
        var back = ReadBack(file);
        Assert.Equal(4525, back.SourceSrid);
        Assert.Equal(2, back.Parcels.Count);
        Assert.Equal("西 地块", back.Parcels[0].Name);
        Assert.Equal(parcel.Area, back.Parcels[0].AreaM2, 0.01);
        Assert.Equal(second.Area, back.Parcels[1].AreaM2, 0.01);
        Assert.Equal(1, ((Polygon)back.Parcels[0].Geometry).NumInteriorRings); // the hole stays a hole
    }

    [Fact]
    public void A_multipolygon_parcel_keeps_both_parts()
    {
        var a = Factory.CreatePolygon(Square(At(113.2, 35.6), 50));
        var b = Factory.CreatePolygon(Square(At(113.2, 35.6, east: 200), 70));
        var parcel = Factory.CreateMultiPolygon([a, b]);

        var back = ReadBack(BoundaryCoordinateTxtWriter.Write([new BoundaryTxtParcel("7", null, parcel)], Storage, "测试", new DateOnly(2026, 12, 6)));

        Assert.Equal(parcel.Area, back.TotalAreaM2, 0.01);
        Assert.Equal(2, back.Parcels[0].Geometry.NumGeometries);
    }

    [Fact]
    public void The_prj_text_of_the_storage_crs_is_recognised_as_that_crs()
    {
        foreach (var srid in new[] { 4526, 4525, 4547, Cgcs2000Crs.GeographicSrid })
        {
            Assert.True(Cgcs2000Crs.TryFromWkt(Cgcs2000Crs.FromSrid(srid).EsriWkt, out var crs), srid.ToString());
            Assert.Equal(Cgcs2000Crs.FromSrid(srid), crs);
        }
    }
}
