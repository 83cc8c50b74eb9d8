using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Boundaries;

/// <summary>Maps feature attributes (GeoJSON properties, shapefile fields) and geometries onto parcel drafts.</summary>
internal static class ParcelProperties
{
    // English keys first, then the Chinese and the 国土 field abbreviations seen in real files.
    static readonly string[] NumberKeys = ["number", "地块编号", "编号", "DKBH"];
    static readonly string[] NameKeys = ["name", "名称", "地块名称", "DKMC"];
    static readonly string[] UseKeys = ["use", "用途", "YT"];
    static readonly string[] LandClassKeys = ["landClassCode", "地类编码", "DLBM"];

    public static ParcelDraft ToDraft(IPolygonal geometry, IAttributesTable? attributes, int position)
    {
        var draft = new ParcelDraft
        {
            Number = Find(attributes, NumberKeys) ?? position.ToString(CultureInfo.InvariantCulture),
            Name = Find(attributes, NameKeys),
            DeclaredUse = Find(attributes, UseKeys),
            LandClassCode = Find(attributes, LandClassKeys),
            Polygons = [],
        };

        var polygons = geometry switch
        {
            Polygon p => [p],
            MultiPolygon m => m.Geometries.Cast<Polygon>().ToArray(),
            _ => Array.Empty<Polygon>(),
        };
        foreach (var polygon in polygons)
        {
            var indexes = new List<int>();
            foreach (var ring in (LineString[])[polygon.Shell, .. polygon.Holes])
            {
                indexes.Add(draft.Rings.Count);
                draft.Rings.Add(new RingDraft(draft.Rings.Count + 1, ring.Coordinates.Select(c => new Coordinate(c.X, c.Y)).ToArray()));
            }

            draft.Polygons.Add([.. indexes]);
        }

        return draft;
    }

    static string? Find(IAttributesTable? attributes, string[] keys)
    {
        if (attributes is null)
        {
            return null;
        }

        var names = attributes.GetNames();
        foreach (string key in keys)
        {
            string? actual = names.FirstOrDefault(n => string.Equals(n.Trim(), key, StringComparison.OrdinalIgnoreCase));
            if (actual is not null && Text(attributes[actual]) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim(),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()?.Trim(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim(),
    };
}
