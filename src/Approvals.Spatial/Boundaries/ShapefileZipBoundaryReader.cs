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

        Dictionary<string, byte[]> files;
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
        byte[]? Companion(string extension) => files.GetValueOrDefault(stem + extension);
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

        var cpg = Companion(".cpg");
        var encoding = TextDecoding.FromCodePageName(cpg is null ? null : Encoding.ASCII.GetString(cpg));
        return ReadShapefile(files[shps[0]], dbf, encoding, srid);
    }

    Dictionary<string, byte[]>? Unpack(ZipArchive archive, out BoundaryError? error)
    {
        error = null;
        if (archive.Entries.Count > MaxEntries)
        {
            error = Unsafe($"压缩包中的文件过多（{archive.Entries.Count} 个）", $"the archive holds too many entries ({archive.Entries.Count})");
            return null;
        }

        var files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
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
                continue;
            }

            if (entry.Length > budget
                || (entry.Length > RatioCheckThreshold && entry.Length > MaxCompressionRatio * Math.Max(1, entry.CompressedLength)))
            {
                error = Unsafe($"压缩包中的“{entry.FullName}”解压后过大", $"\"{entry.FullName}\" unpacks to too many bytes");
                return null;
            }

            // The header's length may lie: count what actually comes out.
            using var source = entry.Open();
            using var target = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                budget -= read;
                if (budget < 0)
                {
                    error = Unsafe($"压缩包解压后超过 {options.MaxUncompressedBytes / 1048576} MB", $"the archive unpacks to more than {options.MaxUncompressedBytes / 1048576} MB");
                    return null;
                }

                target.Write(buffer, 0, read);
            }

            files[name] = target.ToArray();
        }

        return files;
    }

    static int ResolveSrid(byte[]? prj, int? sourceSrid, out BoundaryError? error)
    {
        error = null;
        if (prj is not null)
        {
            string wkt = TextDecoding.Decode(prj).Trim();
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

    BoundaryReadResult ReadShapefile(byte[] shp, byte[] dbf, Encoding encoding, int srid)
    {
        NetTopologySuite.Features.Feature[] features;
        try
        {
            features = Shapefile.ReadAllFeatures(
                new MemoryStream(shp, writable: false), new MemoryStream(dbf, writable: false),
                new ShapefileReaderOptions { Encoding = encoding, GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A third-party binary parser on untrusted bytes: any failure means a broken file, not a bug of ours.
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnreadableFile, "无法读取 shapefile（文件损坏或不是面图层）", $"cannot read the shapefile ({e.Message})"));
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
