using System.Text;
using System.Globalization;
using System.Text.Json;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Approvals.Spatial.Boundaries;

/// <summary>
/// Reads a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection; each feature is a parcel, named
/// from its "name"/"名称" and numbered from "number"/"地块编号" properties when present. Coordinates are
/// RFC 7946 longitude/latitude (taken as CGCS2000, EPSG:4490) unless the caller or a legacy "crs" member
/// gives one of the projected zones.
/// </summary>
public sealed class GeoJsonBoundaryReader
{
    readonly BoundaryReadOptions options;
    readonly JsonSerializerOptions json;

    /// <summary>Creates a reader; <paramref name="options"/> defaults to <see cref="BoundaryReadOptions.Default"/>.</summary>
    /// <exception cref="ArgumentException">The storage SRID is not a supported projected CRS.</exception>
    public GeoJsonBoundaryReader(BoundaryReadOptions? options = null)
    {
        this.options = BoundaryBuilder.CheckOptions(options);
        json = new JsonSerializerOptions();
        // Keep rings exactly as given: we validate them, we do not repair them.
        json.Converters.Add(new GeoJsonConverterFactory(
            new GeometryFactory(), false, "id", RingOrientationOption.DoNotModify));
    }

    /// <summary>
    /// Parses GeoJSON as this reader accepts it (a UTF-8 byte-order mark, trailing commas and comments
    /// allowed), so that whoever keeps the file as it was given reads the same document.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not JSON.</exception>
    public static JsonDocument Parse(byte[] content) =>
        JsonDocument.Parse(content.AsMemory(content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0), new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        });

    /// <summary>Reads GeoJSON bytes (UTF-8).</summary>
    /// <param name="content">The file.</param>
    /// <param name="sourceSrid">The coordinates' EPSG code when they are not longitude/latitude, e.g. 4526.</param>
    public BoundaryReadResult Read(byte[] content, int? sourceSrid = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (BoundaryBuilder.CheckSize(content.LongLength, options) is { } tooLarge)
        {
            return BoundaryReadResult.Failure(tooLarge);
        }

        if (Count(content) is { } counts && BoundaryBuilder.CheckCounts(counts.Parcels, counts.Positions, options) is { Count: > 0 } tooMany)
        {
            return BoundaryReadResult.Failure(tooMany);
        }

        JsonDocument document;
        try
        {
            document = Parse(content);
        }
        catch (JsonException e)
        {
            long line = (e.LineNumber ?? 0) + 1;
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnreadableFile,
                $"GeoJSON 格式错误（第 {line} 行附近）", $"malformed GeoJSON (near line {line})"));
        }

        using (document)
        {
            return Read(document.RootElement, sourceSrid);
        }
    }

    BoundaryReadResult Read(JsonElement root, int? sourceSrid)
    {
        string? type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;
        if (type is null)
        {
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnreadableFile, "不是 GeoJSON：缺少 \"type\"", "not GeoJSON: no \"type\" member"));
        }

        if (sourceSrid is null)
        {
            if (CrsMember(root, out int declared) is { } crsError)
            {
                return BoundaryReadResult.Failure(crsError);
            }

            sourceSrid = declared;
        }

        var items = new List<(JsonElement Geometry, JsonElement? Feature)>();
        switch (type)
        {
            case "FeatureCollection":
                if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    return Unreadable("FeatureCollection 缺少 features 数组", "FeatureCollection has no \"features\" array");
                }

                foreach (var feature in features.EnumerateArray())
                {
                    if (feature.ValueKind != JsonValueKind.Object)
                    {
                        return Unreadable("features 中含有非对象元素", "\"features\" holds something that is not an object");
                    }

                    items.Add((feature.TryGetProperty("geometry", out var g) ? g : default, feature));
                }

                break;
            case "Feature":
                items.Add((root.TryGetProperty("geometry", out var geometry) ? geometry : default, root));
                break;
            default:
                items.Add((root, null));
                break;
        }

        var errors = new List<BoundaryError>();
        var drafts = new List<ParcelDraft>();
        for (int i = 0; i < items.Count; i++)
        {
            var (geometryElement, featureElement) = items[i];
            string position = (i + 1).ToString(CultureInfo.InvariantCulture);
            string geometryType = geometryElement.ValueKind == JsonValueKind.Object && geometryElement.TryGetProperty("type", out var gt)
                && gt.ValueKind == JsonValueKind.String ? gt.GetString()! : "null";
            if (geometryType is not ("Polygon" or "MultiPolygon"))
            {
                errors.Add(BoundaryError.Create(
                    BoundaryErrorCodes.UnsupportedGeometryKind,
                    $"几何类型为 {geometryType}，只接受 Polygon 或 MultiPolygon",
                    $"geometry type is {geometryType}; only Polygon and MultiPolygon are accepted",
                    parcelNumber: position));
                continue;
            }

            if (CheckRings(geometryElement, geometryType, position) is { Count: > 0 } ringErrors)
            {
                errors.AddRange(ringErrors);
                continue;
            }

            try
            {
                IAttributesTable? attributes = null;
                Geometry parsed;
                if (featureElement is { } f)
                {
                    var feature = f.Deserialize<IFeature>(json)!;
                    parsed = feature.Geometry;
                    attributes = feature.Attributes;
                }
                else
                {
                    parsed = geometryElement.Deserialize<Geometry>(json)!;
                }

                drafts.Add(ParcelProperties.ToDraft((IPolygonal)parsed, attributes, i + 1));
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidCastException or NullReferenceException or FormatException)
            {
                errors.Add(BoundaryError.Create(
                    BoundaryErrorCodes.UnreadableFile, "无法读取该要素的几何", $"cannot read the feature's geometry ({e.Message})",
                    parcelNumber: position));
            }
        }

        if (errors.Count > 0)
        {
            return BoundaryReadResult.Failure(errors);
        }

        return new BoundaryBuilder(options).Build(BoundaryFormat.GeoJson, sourceSrid.Value, drafts);
    }

    static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Parcels (the features of a FeatureCollection, else one) and positions (arrays of numbers inside a
    /// "coordinates" member) counted in one forward pass that allocates nothing; null when the bytes are not
    /// JSON (the parser then says where). A parsed document costs about four times the file, and NTS
    /// geometries more again, so a file of too many points is refused before either is built.
    /// </summary>
    static (long Parcels, long Positions)? Count(ReadOnlySpan<byte> content)
    {
        var reader = new Utf8JsonReader(content.StartsWith(Encoding.UTF8.Preamble) ? content[3..] : content, ReaderOptions);
        long features = 0;
        long positions = 0;
        bool inFeatures = false;
        int coordinatesDepth = -1;
        bool afterStartArray = false;
        bool featuresNext = false;
        bool coordinatesNext = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        featuresNext = reader.CurrentDepth == 1 && reader.ValueTextEquals("features"u8);
                        coordinatesNext = coordinatesDepth < 0 && reader.ValueTextEquals("coordinates"u8);
                        afterStartArray = false;
                        continue;
                    case JsonTokenType.StartArray:
                        inFeatures |= featuresNext;
                        if (coordinatesNext)
                        {
                            coordinatesDepth = reader.CurrentDepth;
                        }

                        afterStartArray = coordinatesDepth >= 0;
                        break;
                    case JsonTokenType.EndArray:
                        if (reader.CurrentDepth == coordinatesDepth)
                        {
                            coordinatesDepth = -1;
                        }
                        else if (inFeatures && reader.CurrentDepth == 1)
                        {
                            inFeatures = false;
                        }

                        afterStartArray = false;
                        break;
                    case JsonTokenType.StartObject:
                        if (inFeatures && reader.CurrentDepth == 2)
                        {
                            features++;
                        }

                        afterStartArray = false;
                        break;
                    case JsonTokenType.Number:
                        // The first number of an array in "coordinates" starts a position.
                        if (afterStartArray)
                        {
                            positions++;
                        }

                        afterStartArray = false;
                        break;
                    default:
                        afterStartArray = false;
                        break;
                }

                featuresNext = coordinatesNext = false;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return (inFeatures || features > 0 ? features : 1, positions);
    }

    /// <summary>
    /// Walks the raw coordinate arrays so an unclosed or short ring is reported with its position; NTS would
    /// only throw on it.
    /// </summary>
    static List<BoundaryError> CheckRings(JsonElement geometry, string type, string parcel)
    {
        var errors = new List<BoundaryError>();
        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            errors.Add(Malformed(parcel, null, null));
            return errors;
        }

        var polygons = type == "Polygon" ? [coordinates] : coordinates.EnumerateArray().ToList();
        int ringNumber = 0;
        foreach (var polygon in polygons)
        {
            if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0)
            {
                errors.Add(Malformed(parcel, null, null));
                return errors;
            }

            foreach (var ring in polygon.EnumerateArray())
            {
                ringNumber++;
                if (ring.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(Malformed(parcel, ringNumber, null));
                    return errors;
                }

                var points = new List<(double X, double Y)>();
                foreach (var position in ring.EnumerateArray())
                {
                    if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                        || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number
                        || !position[0].TryGetDouble(out double x) || !position[1].TryGetDouble(out double y)
                        || !double.IsFinite(x) || !double.IsFinite(y))
                    {
                        errors.Add(Malformed(parcel, ringNumber, points.Count + 1));
                        return errors;
                    }

                    points.Add((x, y));
                }

                if (points.Count >= 2 && points[0] != points[^1])
                {
                    errors.Add(BoundaryError.Create(
                        BoundaryErrorCodes.RingNotClosed, "环未闭合（首尾点不一致）", "ring is not closed (first and last points differ)",
                        parcel, ring: ringNumber, pointIndex: points.Count));
                }
                else if (points.Count < 4)
                {
                    errors.Add(BoundaryError.Create(
                        BoundaryErrorCodes.TooFewPoints,
                        $"环只有 {points.Count} 个点，至少需要 4 个（含闭合点）",
                        $"the ring has {points.Count} points; at least 4 are needed (closing point included)",
                        parcel, ring: ringNumber));
                }
            }
        }

        return errors;
    }

    static BoundaryError Malformed(string parcel, int? ring, int? point) => BoundaryError.Create(
        BoundaryErrorCodes.UnreadableFile, "坐标数组格式错误", "malformed coordinates array",
        parcel, ring: ring, pointIndex: point);

    static BoundaryReadResult Unreadable(string zh, string en) =>
        BoundaryReadResult.Failure(BoundaryError.Create(BoundaryErrorCodes.UnreadableFile, zh, en));

    /// <summary>Honours the pre-RFC 7946 "crs" member (e.g. "urn:ogc:def:crs:EPSG::4526") that GIS tools still write.</summary>
    static BoundaryError? CrsMember(JsonElement root, out int srid)
    {
        srid = Cgcs2000Crs.GeographicSrid;
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind != JsonValueKind.Object
            || !crs.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string name = nameElement.GetString()!;
        if (name.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int digitsStart = name.Length;
        while (digitsStart > 0 && char.IsAsciiDigit(name[digitsStart - 1]))
        {
            digitsStart--;
        }

        if (name.Contains("EPSG", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(name.AsSpan(digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            // EPSG:4326 is the RFC 7946 default; CGCS2000 and WGS 84 agree to centimetres.
            srid = code == 4326 ? Cgcs2000Crs.GeographicSrid : code;
            return null;
        }

        return BoundaryError.Create(
            BoundaryErrorCodes.UnsupportedCrs,
            $"不支持的坐标系“{name}”", $"coordinate system \"{name}\" is not supported");
    }
}
