using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Approvals.Spatial.Boundaries;

/// <summary>
/// Reads a zipped polygon shapefile: one .shp with its .dbf (a .shx is not needed), an optional .prj giving
/// the CRS and an optional .cpg giving the attribute encoding (GBK when absent). Each record is a parcel.
/// The archive is read in memory with size limits and is never extracted to disk.
/// </summary>
public sealed class ShapefileZipBoundaryReader
{
    const int MaxEntries = 1000;
    const long MaxCompressionRatio = 1000;  // real .dbf files compress well, but not a thousandfold
    const long RatioCheckThreshold = 1024 * 1024;

    readonly BoundaryReadOptions options;

    /// <summary>Creates a reader; <paramref name="options"/> defaults to <see cref="BoundaryReadOptions.Default"/>.</summary>
    /// <exception cref="ArgumentException">The storage SRID is not a supported projected CRS.</exception>
    public ShapefileZipBoundaryReader(BoundaryReadOptions? options = null)
    {
        this.options = BoundaryBuilder.CheckOptions(options);
    }

    /// <summary>Reads the zip's bytes.</summary>
    /// <param name="content">The .zip file.</param>
    /// <param name="sourceSrid">The CRS to assume when the archive has no .prj.</param>
    public BoundaryReadResult Read(byte[] content, int? sourceSrid = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (BoundaryBuilder.CheckSize(content.LongLength, options) is { } tooLarge)
        {
            return BoundaryReadResult.Failure(tooLarge);
        }

        Dictionary<string, ArraySegment<byte>> files;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var unpacked = Unpack(archive, out var unpackError);
            if (unpackError is not null)
            {
                return BoundaryReadResult.Failure(unpackError);
            }

            files = unpacked!;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnreadableFile, "无法读取 zip 压缩包（文件损坏或格式不支持）", $"cannot read the zip archive ({e.Message})"));
        }

        var shps = files.Keys.Where(k => k.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
        if (shps.Count != 1)
        {
            return BoundaryReadResult.Failure(shps.Count == 0
                ? BoundaryError.Create(
                    BoundaryErrorCodes.MissingShapefilePart,
                    "压缩包中没有 .shp 文件，请上传包含 .shp、.shx、.dbf（及 .prj）的 zip",
                    "the zip contains no .shp file; upload a zip with the .shp, .shx, .dbf (and .prj) of one shapefile")
                : BoundaryError.Create(
                    BoundaryErrorCodes.MissingShapefilePart,
                    $"压缩包中有 {shps.Count} 个 .shp 文件，每个 zip 只能包含一个图层",
                    $"the zip contains {shps.Count} .shp files; put one shapefile per zip"));
        }

        string stem = shps[0][..^4];
        ArraySegment<byte>? Companion(string extension) => files.TryGetValue(stem + extension, out var file) ? file : (ArraySegment<byte>?)null;
        var dbf = Companion(".dbf");
        if (dbf is null)
        {
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.MissingShapefilePart,
                $"缺少与 {Path.GetFileName(shps[0])} 同名的 .dbf 文件",
                $"the .dbf belonging to {Path.GetFileName(shps[0])} is missing"));
        }

        var srid = ResolveSrid(Companion(".prj"), sourceSrid, out var crsError);
        if (crsError is not null)
        {
            return BoundaryReadResult.Failure(crsError);
        }

        var shp = files[shps[0]];
        if (CountShapes(shp) is { } counts
            && BoundaryBuilder.CheckCounts(counts.Records, counts.Points, options) is { Count: > 0 } tooMany)
        {
            return BoundaryReadResult.Failure(tooMany);
        }

        var cpg = Companion(".cpg");
        var encoding = TextDecoding.FromCodePageName(cpg is { } c ? Encoding.ASCII.GetString(c) : null);
        return ReadShapefile(shp, dbf.Value, encoding, srid);
    }

    /// <summary>
    /// Records and points of a .shp, from its record headers, before NTS builds a geometry of any of them;
    /// null when the headers do not add up (the shapefile reader then says what is wrong). Polygon and
    /// polyline records give their point count at byte 40 of their content, multipoints at byte 36.
    /// </summary>
    static (long Records, long Points)? CountShapes(ReadOnlySpan<byte> shp)
    {
        const int HeaderLength = 100;
        if (shp.Length < HeaderLength || BinaryPrimitives.ReadInt32BigEndian(shp) != 9994)
        {
            return null;
        }

        long records = 0;
        long points = 0;
        int offset = HeaderLength;
        while (offset + 8 <= shp.Length)
        {
            long contentLength = 2L * BinaryPrimitives.ReadInt32BigEndian(shp[(offset + 4)..]);
            if (contentLength < 4 || offset + 8 + contentLength > shp.Length)
            {
                return null;
            }

            var content = shp.Slice(offset + 8, (int)contentLength);
            int pointsAt = BinaryPrimitives.ReadInt32LittleEndian(content) switch
            {
                3 or 5 or 13 or 15 or 23 or 25 or 31 => 40,
                8 or 18 or 28 => 36,
                _ => -1,
            };
            points += pointsAt < 0 ? 1 : content.Length >= pointsAt + 4 ? Math.Max(0, BinaryPrimitives.ReadInt32LittleEndian(content[pointsAt..])) : 0;
            records++;
            offset += 8 + (int)contentLength;
        }

        return (records, points);
    }

    Dictionary<string, ArraySegment<byte>>? Unpack(ZipArchive archive, out BoundaryError? error)
    {
        error = null;
        if (archive.Entries.Count > MaxEntries)
        {
            error = Unsafe($"压缩包中的文件过多（{archive.Entries.Count} 个）", $"the archive holds too many entries ({archive.Entries.Count})");
            return null;
        }

        var files = new Dictionary<string, ArraySegment<byte>>(StringComparer.OrdinalIgnoreCase);
        long budget = options.MaxUncompressedBytes;
        foreach (var entry in archive.Entries)
        {
            string name = entry.FullName.Replace('\\', '/');
            // Nothing is written to disk, but a traversal path says the archive was made to attack someone.
            if (name.StartsWith('/') || name.Contains(':') || name.Split('/').Contains(".."))
            {
                error = Unsafe($"压缩包含有不安全的路径“{entry.FullName}”", $"the archive holds an unsafe path \"{entry.FullName}\"");
                return null;
            }

            string fileName = name[(name.LastIndexOf('/') + 1)..];
            string extension = Path.GetExtension(fileName).ToLowerInvariant();
            if (fileName.Length == 0 || fileName.StartsWith("._", StringComparison.Ordinal) || name.StartsWith("__MACOSX/", StringComparison.Ordinal)
                || extension is not (".shp" or ".dbf" or ".prj" or ".cpg"))
            {
                continue; // never decompressed
            }

            // An archive that admits to unpacking beyond the limit is refused before anything is decompressed.
            if (entry.Length > budget)
            {
                error = TooLarge();
                return null;
            }

            if (entry.Length > RatioCheckThreshold && entry.Length > MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                error = Unsafe($"压缩包中的“{entry.FullName}”压缩比异常", $"\"{entry.FullName}\" has an implausible compression ratio");
                return null;
            }

            // The header's length may lie: count what actually comes out, and stop at the limit. The declared
            // length (within the budget) only sizes the first buffer.
            using var source = entry.Open();
            using var target = new MemoryStream((int)Math.Min(Math.Max(entry.Length, 0), budget));
            var buffer = new byte[81920];
            int read;
            while ((read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, budget + 1))) > 0)
            {
                budget -= read;
                if (budget < 0)
                {
                    error = TooLarge();
                    return null;
                }

                target.Write(buffer, 0, read);
            }

            files[name] = new ArraySegment<byte>(target.GetBuffer(), 0, (int)target.Length);
        }

        return files;
    }

    BoundaryError TooLarge() => BoundaryError.Create(
        BoundaryErrorCodes.FileTooLarge,
        $"压缩包解压后超过上限 {options.MaxUncompressedBytes / 1048576.0:0.#} MB；请只打包一个图层的 .shp、.shx、.dbf 和 .prj",
        $"the archive unpacks to more than the limit of {options.MaxUncompressedBytes / 1048576.0:0.#} MB; zip only the .shp, .shx, .dbf and .prj of one layer");

    static int ResolveSrid(ArraySegment<byte>? prj, int? sourceSrid, out BoundaryError? error)
    {
        error = null;
        if (prj is { } prjBytes)
        {
            string wkt = TextDecoding.Decode(prjBytes).Trim();
            if (Cgcs2000Crs.TryFromWkt(wkt, out var crs))
            {
                return crs.Srid;
            }

            string shown = wkt.Length > 80 ? wkt[..80] + "…" : wkt;
            error = BoundaryError.Create(
                BoundaryErrorCodes.UnsupportedCrs,
                $".prj 中的坐标系不受支持，仅支持 CGCS2000 地理坐标及 3 度带高斯投影：{shown}",
                $"the .prj's coordinate system is not supported; only CGCS2000 geographic and its 3-degree Gauss–Krüger zones are: {shown}");
            return 0;
        }

        if (sourceSrid is { } given)
        {
            return given;
        }

        error = BoundaryError.Create(
            BoundaryErrorCodes.UnsupportedCrs,
            "压缩包中没有 .prj 文件，且未指定坐标系",
            "the zip has no .prj file and no coordinate system was given");
        return 0;
    }

    BoundaryReadResult ReadShapefile(ArraySegment<byte> shp, ArraySegment<byte> dbf, Encoding encoding, int srid)
    {
        NetTopologySuite.Features.Feature[] features;
        try
        {
            features = Shapefile.ReadAllFeatures(
                new MemoryStream(shp.Array!, shp.Offset, shp.Count, writable: false), new MemoryStream(dbf.Array!, dbf.Offset, dbf.Count, writable: false),
                new ShapefileReaderOptions { Encoding = encoding, GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A third-party binary parser on untrusted bytes: any failure means a broken file, not a bug of ours.
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnreadableFile, "无法读取 shapefile（文件损坏或不是面图层）", $"cannot read the shapefile ({e.Message})"));
        }

        // Again on what NTS read, for a .shp whose record headers did not add up.
        if (BoundaryBuilder.CheckCounts(features.Length, features.Sum(f => (long)(f.Geometry?.NumPoints ?? 0)), options) is { Count: > 0 } tooMany)
        {
            return BoundaryReadResult.Failure(tooMany);
        }

        var errors = new List<BoundaryError>();
        var drafts = new List<ParcelDraft>();
        for (int i = 0; i < features.Length; i++)
        {
            var geometry = features[i].Geometry;
            if (geometry is IPolygonal polygonal && !geometry.IsEmpty)
            {
                drafts.Add(ParcelProperties.ToDraft(polygonal, features[i].Attributes, i + 1));
                continue;
            }

            string kind = geometry is null || geometry.IsEmpty ? "empty" : geometry.GeometryType;
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.UnsupportedGeometryKind,
                $"第 {i + 1} 条记录的几何为 {kind}，只接受面",
                $"record {i + 1} has a {kind} geometry; only polygons are accepted",
                parcelNumber: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return errors.Count > 0
            ? BoundaryReadResult.Failure(errors)
            : new BoundaryBuilder(options).Build(BoundaryFormat.ShapefileZip, srid, drafts);
    }

    static BoundaryError Unsafe(string zh, string en) => BoundaryError.Create(BoundaryErrorCodes.UnsafeArchive, zh, en);
}
