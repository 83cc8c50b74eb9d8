using System.IO.Compression;
using System.Text;
using Approvals.Spatial.Boundaries;

namespace Approvals.Spatial.Tests.Boundaries;

public class BoundaryReaderTests
{
    const string Txt = """
        [属性描述]
        坐标系=2000国家大地坐标系
        带号=38
        [地块坐标]
        5,1.0000,1,地块1,面,,公路用地,,@
        J1,1,3930000.00,38396000.00
        J2,1,3930000.00,38396100.00
        J3,1,3929900.00,38396100.00
        J4,1,3929900.00,38396000.00
        J1,1,3930000.00,38396000.00
        """;

    const string GeoJson = """
          {"type":"Polygon","coordinates":[[[38396000,3930000],[38396100,3930000],[38396100,3929900],[38396000,3929900],[38396000,3930000]]]}
        """;

    static readonly BoundaryReader Reader = new();

    [Fact]
    public void A_TXT_named_like_JSON_is_read_as_TXT()
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes(Txt), "boundary.json");

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(BoundaryFormat.CoordinateTxt, result.Boundary!.Format);
        Assert.Equal(10_000.0, result.Boundary.TotalAreaM2, 1e-6);
    }

    [Fact]
    public void GeoJSON_with_leading_whitespace_and_a_TXT_name_is_read_as_GeoJSON()
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes(GeoJson), "boundary.txt", sourceSrid: 4526);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(BoundaryFormat.GeoJson, result.Boundary!.Format);
    }

    [Fact]
    public void GeoJSON_saved_with_a_UTF8_byte_order_mark_is_read_like_any_other()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes(GeoJson)).ToArray();

        var result = Reader.Read(bytes, "boundary.geojson", sourceSrid: 4526);

        Assert.Equal(BoundaryFormat.GeoJson, BoundaryReader.Detect(bytes));
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void A_bare_list_of_point_lines_is_a_TXT_with_one_parcel()
    {
        string points = string.Join("\n", Txt.Split('\n').Where(l => l.StartsWith('J')));

        var result = Reader.Read(Encoding.UTF8.GetBytes(points));

        Assert.Equal(BoundaryFormat.CoordinateTxt, BoundaryReader.Detect(Encoding.UTF8.GetBytes(points)));
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(4526, result.Boundary!.SourceSrid);
        Assert.Equal("1", result.Boundary.Parcels[0].Number);
    }

    [Fact]
    public void A_zip_is_detected_by_its_magic_number_whatever_its_name()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("readme.txt").Open().Dispose();
        }

        var result = Reader.Read(output.ToArray(), "boundary.txt");

        Assert.Equal(BoundaryErrorCodes.MissingShapefilePart, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Content_of_no_known_format_is_an_unknown_format_error_naming_the_file()
    {
        var result = Reader.Read(Encoding.UTF8.GetBytes("这不是坐标文件\nhello"), "说明.docx");

        var error = Assert.Single(result.Errors);
        Assert.Equal(BoundaryErrorCodes.UnknownFormat, error.Code);
        Assert.Contains("说明.docx", error.MessageZh);
        Assert.Contains("说明.docx", error.MessageEn);
    }

    [Fact]
    public async Task A_stream_reads_like_bytes_and_an_oversized_stream_is_refused()
    {
        var small = new BoundaryReader(new BoundaryReadOptions { MaxFileBytes = 100 });

        var fromStream = await Reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Txt)), "a.txt");
        var syncStream = Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Txt)));
        var tooLarge = small.Read(new MemoryStream(Encoding.UTF8.GetBytes(Txt)));

        Assert.True(fromStream.Succeeded);
        Assert.True(syncStream.Succeeded);
        Assert.Equal(BoundaryErrorCodes.FileTooLarge, Assert.Single(tooLarge.Errors).Code);
    }

    [Fact]
    public void A_geographic_storage_CRS_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new BoundaryReader(new BoundaryReadOptions { StorageSrid = 4490 }));
        Assert.Throws<ArgumentException>(() => new BoundaryReader(new BoundaryReadOptions { StorageSrid = 3857 }));
    }

    [Fact]
    public void A_configured_province_extent_replaces_Shanxi()
    {
        var henan = new BoundaryReader(new BoundaryReadOptions { ProvinceExtent = new GeographicExtent(110.3, 31.4, 116.7, 36.4) });
        var hebeiOnly = new BoundaryReader(new BoundaryReadOptions { ProvinceExtent = new GeographicExtent(113.4, 36.0, 119.9, 42.7) });

        Assert.True(henan.Read(Encoding.UTF8.GetBytes(Txt)).Succeeded);
        Assert.Equal(BoundaryErrorCodes.OutsideProvince, Assert.Single(hebeiOnly.Read(Encoding.UTF8.GetBytes(Txt)).Errors).Code);
    }
}
