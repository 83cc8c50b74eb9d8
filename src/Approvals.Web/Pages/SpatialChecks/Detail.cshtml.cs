using System.Globalization;
using System.Text;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetTopologySuite.Geometries;

namespace Approvals.Web.Pages.SpatialChecks;

/// <summary>A stored comparison report: the 15-row table, the findings and a map drawn as inline SVG.</summary>
[Authorize]
public sealed class DetailModel(IMediator mediator) : PageModel
{
    public ComparisonReport Report { get; private set; } = null!;
    public Guid Id { get; private set; }
    public string CreatedByName { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string MapSvg { get; private set; } = "";
    public IReadOnlyList<(string Code, string Colour)> Legend { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var check = await mediator.Send(new GetSpatialCheckQuery(id), ct);
        var map = await mediator.Send(new GetSpatialCheckMapQuery(id), ct);
        Id = check.Id;
        Report = check.Report;
        CreatedByName = check.CreatedByName;
        CreatedAt = check.CreatedAt;
        (MapSvg, Legend) = SpatialCheckMapSvg.Draw(map);
        return Page();
    }

    public static string Number(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// Draws the boundary and the features it hit as SVG on the server: no tiles, no scripts, nothing
/// fetched from elsewhere, and it prints as it shows. Storage coordinates are metres, so one scale
/// serves both axes; north is up.
/// </summary>
public static class SpatialCheckMapSvg
{
    private const double Width = 720;

    private static readonly string[] Palette =
    [
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a0", "#f032e6", "#9a9a00",
        "#008080", "#9a6324", "#800000", "#6b8e23", "#000075", "#808080", "#c71585",
    ];

    public static (string Svg, IReadOnlyList<(string Code, string Colour)> Legend) Draw(SpatialCheckMap map)
    {
        var w = map.Window;
        var scale = Width / Math.Max(w.Width, 1e-9);
        var height = Math.Max(120, Math.Min(900, w.Height * scale));
        scale = Math.Min(scale, height / Math.Max(w.Height, 1e-9));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {Width:F0} {height:F0}\" role=\"img\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fbfcfd\"/>");
        var codes = map.Hits.Select(h => h.CategoryCode).Distinct().ToList();
        var colours = codes.Select((c, i) => (c, Palette[i % Palette.Length])).ToList();
        foreach (var hit in map.Hits)
        {
            var colour = colours.First(c => c.c == hit.CategoryCode).Item2;
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Path(hit.Geometry, w, scale)}\" fill=\"{colour}\" fill-opacity=\"0.28\" stroke=\"{colour}\" stroke-width=\"1\" fill-rule=\"evenodd\"><title>{System.Net.WebUtility.HtmlEncode($"{hit.CategoryCode} {hit.Name} #{hit.Id}")}</title></path>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Path(map.Boundary, w, scale)}\" fill=\"none\" stroke=\"#d00000\" stroke-width=\"2.5\" fill-rule=\"evenodd\"/>");
        // A scale bar of a round length, about a fifth of the map's width.
        var metres = Math.Pow(10, Math.Floor(Math.Log10(w.Width / 5)));
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"scale\"><line x1=\"12\" y1=\"{height - 14:F0}\" x2=\"{12 + metres * scale:F1}\" y2=\"{height - 14:F0}\" stroke=\"#1f2933\" stroke-width=\"3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{height - 20:F0}\" font-size=\"12\">{(metres >= 1000 ? $"{metres / 1000:0.#} km" : $"{metres:0} m")}</text></g>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 18:F0}\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">N</text><path d=\"M{Width - 18:F0} 28 l-6 14 h12 z\" fill=\"#1f2933\"/>");
        svg.Append("</svg>");
        return (svg.ToString(), colours);
    }

    private static string Path(Geometry geometry, Envelope window, double scale)
    {
        var d = new StringBuilder();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is not Polygon polygon) continue;
            foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            {
                var first = true;
                foreach (var c in ring.Coordinates)
                {
                    d.Append(CultureInfo.InvariantCulture, $"{(first ? 'M' : 'L')}{(c.X - window.MinX) * scale:F1} {(window.MaxY - c.Y) * scale:F1}");
                    first = false;
                }
                d.Append('Z');
            }
        }
        return d.ToString();
    }
}
