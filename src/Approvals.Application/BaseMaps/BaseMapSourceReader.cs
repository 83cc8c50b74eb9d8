using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;

namespace Approvals.Application.BaseMaps;

/// <summary>One feature as it comes out of a source file, before transformation and repair.</summary>
public sealed record SourceFeature(string Id, Geometry? Geometry, IReadOnlyDictionary<string, object?> Attributes);

/// <summary>The features of a source file and the CRS they are in.</summary>
public sealed record SourceLayer(string Format, int Srid, IReadOnlyList<SourceFeature> Features);

/// <summary>A source file that cannot be read at all (as opposed to single bad features).</summary>
public sealed class UnreadableSourceException(string zh, string en) : Exception(en)
{
    public string MessageZh { get; } = zh;
    public string MessageEn { get; } = en;
}

/// <summary>
/// Reads base-map source files: GeoJSON (RFC 7946 lon/lat unless told), a zipped shapefile (.prj
/// for the CRS, .cpg for the attribute encoding, GBK when absent) or a GeoPackage. The format is
/// recognised by content.
/// </summary>
public static class BaseMapSourceReader
{
    static BaseMapSourceReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SourceLayer Read(byte[] content, string fileName, int? srid)
    {
        if (content.AsSpan().StartsWith("PK\x03\x04"u8)) return ReadShapefileZip(content, srid);
        if (content.AsSpan().StartsWith("SQLite format 3\0"u8)) return GeoPackageSource.Read(content, fileName, srid);
        var body = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? content.AsSpan(3) : content.AsSpan();
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{') return ReadGeoJson(body.ToArray(), srid);
        throw new UnreadableSourceException(
            $"无法识别“{fileName}”的格式；支持 GeoJSON、zip 压缩的 shapefile 和 GeoPackage",
            $"cannot recognise the format of \"{fileName}\"; supported are GeoJSON, zipped shapefiles and GeoPackage");
    }

    private static SourceLayer ReadGeoJson(byte[] json, int? srid)
    {
        const string idKey = "\u0001id";
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(new GeometryFactory(), false, idKey));
        string type;
        var ids = new List<string?>();
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            // Feature ids are read here: the converter keeps them nowhere we can rely on.
            var list = type == "FeatureCollection" && root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array
                ? f.EnumerateArray().ToList()
                : type == "Feature" ? [root] : [];
            ids.AddRange(list.Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var id)
                ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText()
                : null));
        }
        catch (JsonException e)
        {
            throw new UnreadableSourceException($"GeoJSON 格式错误：{e.Message}", $"the GeoJSON is malformed: {e.Message}");
        }

        try
        {
            IEnumerable<IFeature> features = type switch
            {
                "FeatureCollection" => JsonSerializer.Deserialize<FeatureCollection>(json, options) ?? [],
                "Feature" => [JsonSerializer.Deserialize<IFeature>(json, options)!],
                _ => [new Feature(JsonSerializer.Deserialize<Geometry>(json, options), new AttributesTable())],
            };
            var result = features.Select((f, i) =>
            {
                var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                string? id = null;
                if (f.Attributes is not null)
                    foreach (var name in f.Attributes.GetNames())
                    {
                        if (name == idKey) id = Convert.ToString(f.Attributes[name], System.Globalization.CultureInfo.InvariantCulture);
                        else attributes[name] = f.Attributes[name];
                    }
                return new SourceFeature(id ?? (i < ids.Count ? ids[i] : null) ?? $"#{i + 1}", f.Geometry, attributes);
            }).ToList();
            return new SourceLayer("geojson", srid ?? Cgcs2000Crs.GeographicSrid, result);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new UnreadableSourceException($"GeoJSON 内容无法读取：{e.Message}", $"the GeoJSON cannot be read: {e.Message}");
        }
    }

    private static SourceLayer ReadShapefileZip(byte[] content, int? srid)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                var extension = Path.GetExtension(name).ToLowerInvariant();
                if (name.Contains("__MACOSX/", StringComparison.Ordinal) || extension is not (".shp" or ".dbf" or ".prj" or ".cpg")) continue;
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files[name] = copy.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new UnreadableSourceException("无法读取 zip 压缩包", $"cannot read the zip archive ({e.Message})");
        }

        var shps = files.Keys.Where(k => k.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
        if (shps.Count != 1)
            throw new UnreadableSourceException($"压缩包中应有且只有一个 .shp 文件（实有 {shps.Count} 个）", $"the zip must hold exactly one .shp file (it holds {shps.Count})");
        var stem = shps[0][..^4];
        if (!files.TryGetValue(stem + ".dbf", out var dbf))
            throw new UnreadableSourceException("缺少同名的 .dbf 文件", "the .dbf of the shapefile is missing");

        var sourceSrid = srid;
        if (files.TryGetValue(stem + ".prj", out var prj))
        {
            var wkt = Encoding.UTF8.GetString(prj).Trim();
            if (!Cgcs2000Crs.TryFromWkt(wkt, out var crs))
                throw new UnreadableSourceException(".prj 中的坐标系不受支持，仅支持 CGCS2000 地理坐标及 3 度带高斯投影", "the .prj's coordinate system is not supported; only CGCS2000 geographic and its 3-degree Gauss–Krüger zones are");
            sourceSrid = crs.Srid;
        }
        if (sourceSrid is null)
            throw new UnreadableSourceException("压缩包中没有 .prj 文件，请用 --srid 指定坐标系", "the zip has no .prj; give the coordinate system with --srid");

        var encoding = EncodingOf(files.TryGetValue(stem + ".cpg", out var cpg) ? Encoding.ASCII.GetString(cpg) : null);
        Feature[] features;
        try
        {
            features = Shapefile.ReadAllFeatures(new MemoryStream(files[shps[0]]), new MemoryStream(dbf),
                new NetTopologySuite.IO.Esri.Shapefiles.Readers.ShapefileReaderOptions { Encoding = encoding });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A third-party binary parser on untrusted bytes: any failure means a broken file.
            throw new UnreadableSourceException("无法读取 shapefile（文件损坏）", $"cannot read the shapefile ({e.Message})");
        }
        return new SourceLayer("shapefile", sourceSrid.Value, features.Select((f, i) =>
        {
            var attributes = f.Attributes.GetNames().ToDictionary(n => n, n => (object?)f.Attributes[n], StringComparer.Ordinal);
            return new SourceFeature($"#{i + 1}", f.Geometry, attributes);
        }).ToList());
    }

    /// <summary>The encoding a .cpg names ("UTF-8", "GBK", "936", "CP936"…); GBK when absent or unknown.</summary>
    internal static Encoding EncodingOf(string? codePage)
    {
        var n = (codePage ?? "").Trim().ToUpperInvariant();
        if (n is "UTF-8" or "UTF8" or "65001") return new UTF8Encoding(false);
        if (n.StartsWith("CP", StringComparison.Ordinal)) n = n[2..];
        if (n.StartsWith("ANSI ", StringComparison.Ordinal)) n = n[5..];
        try
        {
            return int.TryParse(n, out var number) ? Encoding.GetEncoding(number) : n.Length > 0 ? Encoding.GetEncoding(n) : Encoding.GetEncoding(936);
        }
        catch (ArgumentException)
        {
            return Encoding.GetEncoding(936);
        }
    }
}
