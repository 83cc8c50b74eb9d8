using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Approvals.Application.BaseMaps;

/// <summary>A feature ready to be stored: a valid 2-D MultiPolygon in the storage CRS and its attributes.</summary>
public sealed record BaseMapFeatureDraft(
    string? SourceId, string? Name, string AttributesJson, short? ForestGrade, short? ForestKind, MultiPolygon Geometry);

/// <summary>Why a feature was refused, in both languages, with the feature's identifier.</summary>
public sealed record RefusedFeature(string FeatureId, string ReasonZh, string ReasonEn);

/// <summary>Brings source geometries into the stored shape: polygons only, 2-D, valid (repaired when possible).</summary>
public static class BaseMapGeometry
{
    /// <summary>
    /// Returns the geometry as a valid 2-D MultiPolygon with <paramref name="srid"/>, or null with the
    /// reason. <paramref name="repaired"/> says whether an invalid geometry had to be fixed.
    /// </summary>
    public static MultiPolygon? Normalise(Geometry? geometry, int srid, out bool repaired, out (string Zh, string En)? refusal)
    {
        repaired = false;
        refusal = null;
        if (geometry is null || geometry.IsEmpty)
        {
            refusal = ("几何为空", "the geometry is empty");
            return null;
        }
        if (!geometry.Coordinates.All(c => double.IsFinite(c.X) && double.IsFinite(c.Y)))
        {
            refusal = ("坐标不是有限数值", "a coordinate is not a finite number");
            return null;
        }
        var factory = new GeometryFactory(new PrecisionModel(), srid);
        var polygons = Polygons(geometry, factory);
        if (polygons.Count == 0)
        {
            refusal = ($"几何类型为 {geometry.GeometryType}，底图只接受面", $"the geometry is a {geometry.GeometryType}; base maps take polygons only");
            return null;
        }

        Geometry result = factory.CreateMultiPolygon(polygons.ToArray());
        if (!result.IsValid)
        {
            // Self-intersections, bow-ties, overlapping parts: GeometryFixer keeps all the area the
            // surveyor drew (Buffer(0) may drop lobes), then only the polygonal part is kept.
            result = factory.CreateMultiPolygon(Polygons(GeometryFixer.Fix(result), factory).ToArray());
            repaired = true;
            if (result.IsEmpty || !result.IsValid)
            {
                refusal = ("几何无效且无法修复", "the geometry is invalid and cannot be repaired");
                return null;
            }
        }
        if (result.Area <= 0)
        {
            refusal = ("面积为零", "the area is zero");
            return null;
        }
        return (MultiPolygon)result;
    }

    /// <summary>The polygons of any geometry, as 2-D copies (Z and M dropped).</summary>
    private static List<Polygon> Polygons(Geometry geometry, GeometryFactory factory)
    {
        var result = new List<Polygon>();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            if (part is Polygon { IsEmpty: false } p)
                result.Add(factory.CreatePolygon(Flat(p.Shell, factory), p.Holes.Select(h => Flat(h, factory)).ToArray()));
            else if (part is GeometryCollection)
                result.AddRange(Polygons(part, factory));
        }
        return result;
    }

    private static LinearRing Flat(LineString ring, GeometryFactory factory)
    {
        var coordinates = ring.Coordinates.Select(c => new Coordinate(c.X, c.Y)).ToArray();
        // A ring that is not closed is closed here; anything that is still wrong fails IsValid and is repaired or refused.
        if (coordinates.Length > 0 && !coordinates[0].Equals2D(coordinates[^1]))
            coordinates = [.. coordinates, coordinates[0].Copy()];
        return coordinates.Length is > 0 and < 4
            ? factory.CreateLinearRing(coordinates.Concat(Enumerable.Repeat(coordinates[0], 4 - coordinates.Length)).ToArray())
            : factory.CreateLinearRing(coordinates);
    }
}

/// <summary>Reads the routing-relevant attributes of forest-land features: protection grade and forest kind.</summary>
public static class ForestAttributes
{
    private static readonly string[] GradeKeys = ["grade", "protection_grade", "保护等级", "林地保护等级", "BHDJ"];
    private static readonly string[] KindKeys = ["forest_kind", "kind", "林种", "森林类别", "LZ"];

    public static short? Grade(IReadOnlyDictionary<string, object?> attributes)
    {
        var text = Find(attributes, GradeKeys);
        if (text is null) return null;
        text = text.Replace("级", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        return text switch
        {
            "1" or "I" or "Ⅰ" or "一" => 1,
            "2" or "II" or "Ⅱ" or "二" => 2,
            "3" or "III" or "Ⅲ" or "三" => 3,
            "4" or "IV" or "Ⅳ" or "四" => 4,
            _ => null,
        };
    }

    public static short? Kind(IReadOnlyDictionary<string, object?> attributes)
    {
        var text = Find(attributes, KindKeys)?.Trim().ToLowerInvariant();
        if (text is null) return null;
        if (text is "1" || text.Contains("防护") || text.Contains("特种") || text.Contains("protection") || text.Contains("special")) return 1;
        if (text is "2" || text.Contains("用材") || text.Contains("经济") || text.Contains("薪炭") || text.Contains("timber") || text.Contains("economic") || text.Contains("fuel")) return 2;
        if (text is "3" || text.Contains("其他") || text.Contains("other")) return 3;
        return null;
    }

    private static string? Find(IReadOnlyDictionary<string, object?> attributes, string[] keys)
    {
        foreach (var key in keys)
            foreach (var (name, value) in attributes)
                if (string.Equals(name.Trim(), key, StringComparison.OrdinalIgnoreCase) && value is not null)
                    return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
