using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps;

namespace Approvals.Cli.Commands;

/// <summary>
/// Boundaries an applicant might draw in the demo counties: one irregular parcel of 1–50 ha (log-uniform, so
/// small ones are the most common, as in practice), 8–40 vertices, as GeoJSON in lon/lat (EPSG:4490). Each lies
/// near its county's centre and inside the area the synthetic base maps cover, so its check meets real features.
/// </summary>
internal sealed class DemoParcels(Random random)
{
    /// <summary>The demo counties: code, name, approximate centre (lon, lat); the outlines are synthetic anyway.</summary>
    public static readonly (string Code, string Name, double Lon, double Lat)[] Counties =
    [
        ("140525", "泽州", 112.84, 35.50), ("140522", "阳城", 112.41, 35.49), ("140581", "高平", 112.92, 35.80),
        ("140121", "清徐", 112.36, 37.61), ("140122", "阳曲", 112.67, 38.06),
    ];

    /// <summary>How far from the centre a parcel may lie (degrees), before keeping it inside the base maps' area.</summary>
    private const double Spread = 0.15;
    private const double Margin = 0.01;

    public sealed record Parcel(string CountyCode, string CountyName, JsonObject Geometry, double AreaHa);

    public Parcel Next()
    {
        var county = Counties[random.Next(Counties.Length)];
        var area = SyntheticBaseMaps.DemoAreas.Single(a => county.Lat >= a.MinLat - 0.5 && county.Lat <= a.MaxLat + 0.5);
        var lon = Between(Math.Max(county.Lon - Spread, area.MinLon + Margin), Math.Min(county.Lon + Spread, area.MaxLon - Margin));
        var lat = Between(Math.Max(county.Lat - Spread, area.MinLat + Margin), Math.Min(county.Lat + Spread, area.MaxLat - Margin));

        // A star-shaped ring (angles increasing, radii jittered) is always simple; counter-clockwise as RFC 7946 asks.
        var hectares = Math.Exp(Between(Math.Log(1), Math.Log(50)));
        var radius = Math.Sqrt(hectares * 10_000 / Math.PI);
        var vertices = random.Next(8, 41);
        var metresPerDegreeLon = 111_320.0 * Math.Cos(lat * Math.PI / 180);
        var ring = new JsonArray();
        var points = new List<(double X, double Y)>(vertices);
        var start = random.NextDouble() * 2 * Math.PI;
        for (var i = 0; i < vertices; i++)
        {
            var angle = start + (i + 0.8 * (random.NextDouble() - 0.5)) * 2 * Math.PI / vertices;
            var r = radius * (0.8 + 0.4 * random.NextDouble());
            points.Add((r * Math.Cos(angle), r * Math.Sin(angle)));
        }
        foreach (var (x, y) in points.Append(points[0]))
            ring.Add(new JsonArray(Math.Round(lon + x / metresPerDegreeLon, 7), Math.Round(lat + y / 111_000.0, 7)));

        var shoelace = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var (x1, y1) = points[i];
            var (x2, y2) = points[(i + 1) % points.Count];
            shoelace += x1 * y2 - x2 * y1;
        }
        var geometry = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
        return new Parcel(county.Code, county.Name, geometry, Math.Abs(shoelace) / 2 / 10_000);
    }

    private double Between(double low, double high) => low + random.NextDouble() * (high - low);
}
