using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Tests.Coordinates;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;

namespace Approvals.Spatial.Tests.Boundaries;

/// <summary>
/// What a boundary file may cost: bytes in, bytes unpacked, points and parcels. Each limit is refused
/// with the limit and the count, and without first building what it guards against.
/// </summary>
public sealed class ResourceLimitTests : IDisposable
{
    static ResourceLimitTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static readonly BoundaryReader Reader = new();
    readonly string directory = Path.Combine(Path.GetTempPath(), "approvals-limits-" + Guid.NewGuid().ToString("N"));

    public ResourceLimitTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // ---- zipped shapefiles ------------------------------------------------------------------------------

    /// <summary>
    /// The reported attack: about 600 KB of zip that unpacks to 190 MB. Its content compresses some 300 to
    /// one, below the ratio that gives a bomb away by itself, so only the unpacked-size limit stops it.
    /// </summary>
    static byte[] ZipBomb(long shpBytes = 10L << 20, long dbfBytes = 180L << 20)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, length) in new[] { ("bomb.shp", shpBytes), ("bomb.dbf", dbfBytes) })
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                var chunk = new byte[1 << 20];
                var random = new Random(7);
                for (long written = 0; written < length; written += chunk.Length)
                {
                    // A changing byte every 1000 keeps deflate well below its ~1000:1 best.
                    for (int i = 0; i < chunk.Length; i += 1000) chunk[i] = (byte)random.Next(256);
                    entry.Write(chunk, 0, (int)Math.Min(chunk.Length, length - written));
                }
            }
        }

        return output.ToArray();
    }

    [Fact]
    public void A_zip_that_unpacks_to_190_MB_is_refused_without_unpacking_it()
    {
        var bomb = ZipBomb();
        Assert.True(bomb.Length < 2 << 20, $"the bomb should be small, is {bomb.Length} bytes");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Reader.Read(bomb, "红线.zip");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var error = Assert.Single(result.Errors);
        Assert.Equal(BoundaryErrorCodes.FileTooLarge, error.Code);
        Assert.Contains("20 MB", error.MessageZh);
        Assert.Contains("20 MB", error.MessageEn);
        Assert.True(allocated < 25L << 20, $"reading the bomb allocated {allocated / 1048576} MB");
    }

    /// <summary>
    /// The zip's headers are not trusted: an archive whose headers state a few bytes for each entry still
    /// gets no further than the limit, whatever the decompressor then produces.
    /// </summary>
    [Fact]
    public void A_zip_whose_headers_understate_its_entries_is_stopped_at_the_limit()
    {
        var bomb = Understate(ZipBomb(shpBytes: 1L << 20, dbfBytes: 8L << 20), claimed: 1000);
        var reader = new ShapefileZipBoundaryReader(new BoundaryReadOptions { MaxUncompressedBytes = 2L << 20 });

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = reader.Read(bomb, sourceSrid: 4526);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(result.Succeeded);
        Assert.True(allocated < 6L << 20, $"reading the bomb allocated {allocated / 1048576} MB");
    }

    /// <summary>Rewrites every entry's uncompressed size, in its local header and in the central directory.</summary>
    static byte[] Understate(byte[] zip, uint claimed)
    {
        var bytes = (byte[])zip.Clone();
        for (int i = 0; i + 4 <= bytes.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50 && i + 26 <= bytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), claimed);
            }
            else if (signature == 0x02014b50 && i + 28 <= bytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), claimed);
            }
        }

        return bytes;
    }

    static readonly GeometryFactory Factory4526 = new(new PrecisionModel(), 4526);

    /// <summary>Writes the polygons as a shapefile in EPSG:4526 and zips it.</summary>
    byte[] ZippedShapefile(IEnumerable<Polygon> polygons)
    {
        string shp = Path.Combine(directory, "红线.shp");
        Shapefile.WriteAllFeatures(
            polygons.Select((p, i) => (IFeature)new Feature(p, new AttributesTable { { "DKBH", (i + 1).ToString(CultureInfo.InvariantCulture) } })),
            shp, projection: ProjectionWktTests.Esri4526, encoding: Encoding.UTF8);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (string file in Directory.GetFiles(directory))
            {
                archive.CreateEntryFromFile(file, Path.GetFileName(file));
            }
        }

        return output.ToArray();
    }

    /// <summary>A circle of <paramref name="points"/> corners (plus the closing one) in zone 38 metres.</summary>
    static Coordinate[] Circle(int points, double east = 38396000, double north = 3930000, double radius = 400) =>
        Enumerable.Range(0, points + 1)
            .Select(i => i == points ? 0 : i)
            .Select(i => new Coordinate(east + radius * Math.Cos(2 * Math.PI * i / points), north + radius * Math.Sin(2 * Math.PI * i / points)))
            .ToArray();

    static IEnumerable<Coordinate[]> Squares(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            double east = 38396000 + (i % 20) * 50, north = 3930000 + (i / 20) * 50;
            return new[] { new Coordinate(east, north), new(east + 10, north), new(east + 10, north + 10), new(east, north + 10), new(east, north) };
        });

    [Fact]
    public void A_shapefile_with_more_points_than_the_limit_is_refused_with_the_limit_and_the_count()
    {
        var zip = ZippedShapefile([Factory4526.CreatePolygon(Circle(50_000))]);

        var error = Assert.Single(Reader.Read(zip).Errors);

        Assert.Equal(BoundaryErrorCodes.TooManyVertices, error.Code);
        Assert.Contains("50,001", error.MessageZh);
        Assert.Contains("50,000", error.MessageZh);
        Assert.Contains("the boundary has 50,001 points; the limit is 50,000", error.MessageEn);
    }

    [Fact]
    public void A_shapefile_with_more_parcels_than_the_limit_is_refused_with_the_limit_and_the_count()
    {
        var zip = ZippedShapefile(Squares(201).Select(s => Factory4526.CreatePolygon(s)));

        var error = Assert.Single(Reader.Read(zip).Errors);

        Assert.Equal(BoundaryErrorCodes.TooManyParcels, error.Code);
        Assert.Contains("the boundary has 201 parcels; the limit is 200", error.MessageEn);
        Assert.Contains("201 个地块，超过上限 200 个", error.MessageZh);
    }

    [Fact]
    public void A_shapefile_at_the_limits_reads()
    {
        var zip = ZippedShapefile(Squares(199).Select(s => Factory4526.CreatePolygon(s)).Append(Factory4526.CreatePolygon(Circle(49_000, north: 3931000))));

        var result = Reader.Read(zip);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors.Take(5)));
        Assert.Equal(200, result.Boundary!.Parcels.Count);
    }

    // ---- GeoJSON ----------------------------------------------------------------------------------------

    static string Ring(IEnumerable<Coordinate> zone38) =>
        "[" + string.Join(",", zone38.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X:F3},{c.Y:F3}]"))) + "]";

    static byte[] GeoJsonIn4526(string body) =>
        Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[""" + body + "]}");

    static string Feature(Coordinate[] ring) =>
        """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[""" + Ring(ring) + "]}}";

    [Fact]
    public void A_GeoJSON_of_a_million_points_is_refused_with_the_limit_and_the_count_before_any_geometry_is_built()
    {
        var json = GeoJsonIn4526("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[["""
            + string.Concat(Enumerable.Repeat("[38396000.000,3930000.000],", 1_000_000)) + "[38396000.000,3930000.000]]]}}");
        var reader = new BoundaryReader(new BoundaryReadOptions { MaxFileBytes = 64L << 20 });

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Single(reader.Read(json).Errors);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(BoundaryErrorCodes.TooManyVertices, error.Code);
        Assert.Contains("the boundary has 1,000,001 points; the limit is 50,000", error.MessageEn);
        Assert.Contains("1,000,001 个坐标点，超过上限 50,000 个", error.MessageZh);
        // Counted on the bytes: neither a parsed document (four times the file) nor a million coordinates.
        Assert.True(allocated < 1L << 20, $"refusing allocated {allocated / 1048576.0:F1} MB for a {json.Length / 1048576} MB file");
    }

    [Fact]
    public void A_GeoJSON_with_more_parcels_than_the_limit_is_refused_with_the_limit_and_the_count()
    {
        var json = GeoJsonIn4526(string.Join(",", Squares(250).Select(Feature)));

        var error = Assert.Single(Reader.Read(json).Errors);

        Assert.Equal(BoundaryErrorCodes.TooManyParcels, error.Code);
        Assert.Contains("the boundary has 250 parcels; the limit is 200", error.MessageEn);
    }

    [Fact]
    public void A_GeoJSON_larger_than_the_file_limit_is_refused_before_it_is_parsed()
    {
        var json = GeoJsonIn4526(Feature(Circle(4)) + new string(' ', 10 << 20));

        var error = Assert.Single(Reader.Read(json).Errors);

        Assert.Equal(BoundaryErrorCodes.FileTooLarge, error.Code);
        Assert.Contains("10.0 MB", error.MessageEn);
    }

    // ---- 界址点 TXT ---------------------------------------------------------------------------------------

    static byte[] Txt(IEnumerable<Coordinate[]> parcels)
    {
        var text = new StringBuilder("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n");
        int number = 0;
        foreach (var ring in parcels)
        {
            number++;
            text.Append(CultureInfo.InvariantCulture, $"{ring.Length},0.0100,{number},地块{number},面,,公路用地,,@\n");
            for (int i = 0; i < ring.Length; i++)
            {
                // X is the northing, Y the zone-prefixed easting.
                text.Append(CultureInfo.InvariantCulture, $"J{(i == ring.Length - 1 ? 1 : i + 1)},1,{ring[i].Y:F3},{ring[i].X:F3}\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public void A_TXT_of_a_million_points_is_refused_with_the_limit_and_the_count()
    {
        // Refused on the count, so the points need not make a valid ring.
        var txt = Encoding.UTF8.GetBytes("[属性描述]\n带号=38\n[地块坐标]\n1000001,1.0,1,地块1,面,,,,@\n"
            + string.Concat(Enumerable.Repeat("J1,1,3930000.000,38396000.000\n", 1_000_001)));
        var reader = new BoundaryReader(new BoundaryReadOptions { MaxFileBytes = 64L << 20 });

        var error = Assert.Single(reader.Read(txt).Errors);

        Assert.Equal(BoundaryErrorCodes.TooManyVertices, error.Code);
        Assert.Contains("the boundary has 1,000,001 points; the limit is 50,000", error.MessageEn);
    }

    [Fact]
    public void A_TXT_with_more_parcels_than_the_limit_is_refused_with_the_limit_and_the_count()
    {
        var error = Assert.Single(Reader.Read(Txt(Squares(201))).Errors);

        Assert.Equal(BoundaryErrorCodes.TooManyParcels, error.Code);
        Assert.Contains("the boundary has 201 parcels; the limit is 200", error.MessageEn);
    }

    [Fact]
    public void Configured_limits_replace_the_defaults()
    {
        var strict = new BoundaryReader(new BoundaryReadOptions { MaxVertices = 20, MaxParcels = 3 });
        var four = Txt(Squares(4));
        var twoWithTwentyFivePoints = Txt([.. Squares(1), Circle(24, north: 3931000)]);

        Assert.True(Reader.Read(four).Succeeded);
        Assert.Equal(BoundaryErrorCodes.TooManyParcels, Assert.Single(strict.Read(four).Errors).Code);
        var error = Assert.Single(strict.Read(twoWithTwentyFivePoints).Errors);
        Assert.Equal(BoundaryErrorCodes.TooManyVertices, error.Code);
        Assert.Contains("the boundary has 30 points; the limit is 20", error.MessageEn);
    }

    [Fact]
    public void A_TXT_full_of_unreadable_lines_lists_a_bounded_number_of_errors()
    {
        var garbage = Encoding.UTF8.GetBytes("[地块坐标]\n" + string.Concat(Enumerable.Repeat("这不是坐标行\n", 100_000)));

        var result = Reader.Read(garbage);

        Assert.False(result.Succeeded);
        Assert.Equal(200, result.Errors.Count);
    }

    // ---- uploads ----------------------------------------------------------------------------------------

    /// <summary>A stream that never ends and counts what was read from it.</summary>
    sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'{', offset, count);
            Served += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task An_upload_is_read_once_and_no_further_than_the_file_limit()
    {
        var stated = new EndlessStream();
        var unstated = new EndlessStream();

        var refusedByLength = await Reader.ReadContentAsync(stated, length: 11L << 20);
        var refusedWhileReading = await Reader.ReadContentAsync(unstated);
        var small = await Reader.ReadContentAsync(new MemoryStream("{}"u8.ToArray()), length: 2);

        Assert.Equal(BoundaryErrorCodes.FileTooLarge, refusedByLength.Error?.Code);
        Assert.Equal(0, stated.Served);
        Assert.Equal(BoundaryErrorCodes.FileTooLarge, refusedWhileReading.Error?.Code);
        Assert.True(unstated.Served <= (10L << 20) + 81920, $"read {unstated.Served} bytes");
        Assert.Equal("{}"u8.ToArray(), small.Content);
    }
}
