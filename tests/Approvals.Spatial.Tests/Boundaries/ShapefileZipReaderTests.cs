using System.IO.Compression;
using System.Text;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Tests.Coordinates;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;

namespace Approvals.Spatial.Tests.Boundaries;

public sealed class ShapefileZipReaderTests : IDisposable
{
    static ShapefileZipReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    readonly string directory = Path.Combine(Path.GetTempPath(), "approvals-shp-" + Guid.NewGuid().ToString("N"));
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4526);
    static readonly ShapefileZipBoundaryReader Reader = new();

    public ShapefileZipReaderTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static Polygon Square(double east, double north, double size, params LinearRing[] holes) =>
        Factory.CreatePolygon(Ring(east, north, size), holes);

    static LinearRing Ring(double east, double north, double size) => Factory.CreateLinearRing(
    [
        new(east, north), new(east, north - size), new(east + size, north - size), new(east + size, north), new(east, north),
    ]);

    /// <summary>Writes the features as a shapefile with NetTopologySuite's writer and zips the parts we keep.</summary>
    byte[] Zip(IEnumerable<IFeature> features, string? prj, Encoding dbfEncoding, string? cpg, Func<string, bool>? keep = null)
    {
        string shp = Path.Combine(directory, "红线.shp");
        Shapefile.WriteAllFeatures(features, shp, projection: prj, encoding: dbfEncoding);
        if (cpg is not null)
        {
            File.WriteAllText(Path.ChangeExtension(shp, ".cpg"), cpg);
        }

        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (string file in Directory.GetFiles(directory))
            {
                string extension = Path.GetExtension(file);
                if (keep?.Invoke(extension) == false || (cpg is null && extension == ".cpg"))
                {
                    continue;
                }

                archive.CreateEntryFromFile(file, "boundary/" + Path.GetFileName(file));
            }
        }

        return output.ToArray();
    }

    static Feature Parcel(Polygon polygon, string name, string number) =>
        new(polygon, new AttributesTable { { "名称", name }, { "DKBH", number } });

    [Fact]
    public void A_zipped_shapefile_in_4526_with_a_GBK_dbf_reads_back()
    {
        var withHole = Square(38400000, 3931000, 200, Ring(38400050, 3930950, 50));
        var plain = Square(38396000, 3930000, 100);
        byte[] zip = Zip([Parcel(withHole, "东区取土场", "A-01"), Parcel(plain, "西区道路", "A-02")],
            ProjectionWktTests.Esri4526, Encoding.GetEncoding(936), cpg: null);

        var result = Reader.Read(zip);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        var boundary = result.Boundary!;
        Assert.Equal(BoundaryFormat.ShapefileZip, boundary.Format);
        Assert.Equal(4526, boundary.SourceSrid);
        Assert.Equal(2, boundary.Parcels.Count);
        Assert.Equal("东区取土场", boundary.Parcels[0].Name);
        Assert.Equal("A-01", boundary.Parcels[0].Number);
        Assert.Equal(37_500.0, boundary.Parcels[0].AreaM2, 1e-6);
        Assert.Single(((Polygon)boundary.Parcels[0].Geometry).Holes);
        Assert.Equal("西区道路", boundary.Parcels[1].Name);
        Assert.Equal(10_000.0, boundary.Parcels[1].AreaM2, 1e-6);
    }

    [Fact]
    public void A_cpg_file_chooses_the_attribute_encoding()
    {
        byte[] zip = Zip([Parcel(Square(38396000, 3930000, 100), "晋城", "1")], ProjectionWktTests.Esri4526, new UTF8Encoding(false), cpg: "UTF-8");

        var result = Reader.Read(zip);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal("晋城", result.Boundary!.Parcels[0].Name);
    }

    [Fact]
    public void Without_a_prj_the_callers_SRID_is_used_and_without_either_it_is_an_error()
    {
        byte[] zip = Zip([Parcel(Square(38396000, 3930000, 100), "甲", "1")], prj: null, Encoding.GetEncoding(936), cpg: null);

        var withSrid = Reader.Read(zip, sourceSrid: 4526);
        var without = Reader.Read(zip);

        Assert.True(withSrid.Succeeded, string.Join(Environment.NewLine, withSrid.Errors));
        Assert.Equal(4526, withSrid.Boundary!.SourceSrid);
        Assert.Equal(BoundaryErrorCodes.UnsupportedCrs, Assert.Single(without.Errors).Code);
        Assert.Contains(".prj", without.Errors[0].MessageEn);
    }

    [Fact]
    public void A_prj_of_another_datum_is_an_unsupported_CRS()
    {
        byte[] zip = Zip([Parcel(Square(600000, 3930000, 100), "甲", "1")], ProjectionWktTests.EsriUtm49, Encoding.GetEncoding(936), cpg: null);

        var error = Assert.Single(Reader.Read(zip).Errors);

        Assert.Equal(BoundaryErrorCodes.UnsupportedCrs, error.Code);
    }

    [Fact]
    public void A_zip_without_a_shp_is_a_clear_error()
    {
        byte[] zip = Zip([Parcel(Square(38396000, 3930000, 100), "甲", "1")], ProjectionWktTests.Esri4526, Encoding.GetEncoding(936), cpg: null,
            keep: extension => extension != ".shp");

        var error = Assert.Single(Reader.Read(zip).Errors);

        Assert.Equal(BoundaryErrorCodes.MissingShapefilePart, error.Code);
        Assert.Contains(".shp", error.MessageZh);
        Assert.Contains("no .shp", error.MessageEn);
    }

    [Fact]
    public void A_zip_entry_with_a_parent_path_is_refused_as_unsafe()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("../../etc/evil.shp").Open());
            writer.Write("x");
        }

        var error = Assert.Single(Reader.Read(output.ToArray()).Errors);

        Assert.Equal(BoundaryErrorCodes.UnsafeArchive, error.Code);
    }

    [Fact]
    public void A_zip_that_unpacks_beyond_the_limit_is_refused()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = archive.CreateEntry("bomb.dbf", CompressionLevel.SmallestSize).Open();
            stream.Write(new byte[4 * 1024 * 1024]);
        }

        var reader = new ShapefileZipBoundaryReader(new BoundaryReadOptions { MaxUncompressedBytes = 1024 * 1024 });

        var error = Assert.Single(reader.Read(output.ToArray()).Errors);

        Assert.Equal(BoundaryErrorCodes.FileTooLarge, error.Code);
    }

    [Fact]
    public void A_corrupt_zip_is_unreadable_not_an_exception()
    {
        byte[] bytes = [.. "PK\x03\x04"u8, .. new byte[200]];

        var error = Assert.Single(Reader.Read(bytes).Errors);

        Assert.Equal(BoundaryErrorCodes.UnreadableFile, error.Code);
    }

    [Fact]
    public void A_corrupt_shp_is_unreadable_not_an_exception()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("a.shp").Open().Dispose();
            using var dbf = archive.CreateEntry("a.dbf").Open();
            dbf.Write("not a dbf"u8);
        }

        var error = Assert.Single(Reader.Read(output.ToArray(), sourceSrid: 4526).Errors);

        Assert.Equal(BoundaryErrorCodes.UnreadableFile, error.Code);
    }
}
