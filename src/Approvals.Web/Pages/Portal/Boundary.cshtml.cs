using System.Globalization;
using System.Text;
using System.Text.Json;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Spatial.Boundaries;
using Approvals.Web.Endpoints;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Pages.Portal;

/// <summary>Step 3 of a draft: the boundary, uploaded or drawn, and its instant pre-check.</summary>
// No request size limit of its own: the boundary file's limit is the reader's (Approvals:Limits:BoundaryFileBytes),
// refused with a message; the server's request limit (Kestrel, 30 MB by default) bounds the rest.
[Authorize(Roles = Roles.Applicant)]
[EnableRateLimiting(Hosting.RateLimits.SpatialChecks)]
public sealed class BoundaryModel(IMediator mediator, BoundaryReader reader) : PageModel, IFormPage
{
    public DraftView Draft { get; private set; } = null!;
    public FormErrors Errors { get; } = new();
    /// <summary>True when the errors shown are about a drawn boundary (they go next to the coordinates field).</summary>
    public bool Drawn { get; private set; }

    [BindProperty] public int? Srid { get; set; }
    [BindProperty] public string? DrawnCoordinates { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        return Draft.IsSubmitted ? Redirect($"/portal/drafts/{id}/submitted") : Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? boundaryFile, CancellationToken ct)
    {
        byte[] content = [];
        if (boundaryFile is { Length: > 0 })
        {
            var read = await BoundaryUpload.ReadFileAsync(boundaryFile, reader, ct);
            if (read.Error is { } tooLarge)
            {
                Errors.Add("boundary", Bilingual.Text(tooLarge.MessageZh, tooLarge.MessageEn));
                await ReloadAsync(ct);
                return Page();
            }
            content = read.Content!;
        }
        return await SaveAsync(id, content, boundaryFile?.FileName, Srid, ct);
    }

    public async Task<IActionResult> OnPostDrawAsync(Guid id, CancellationToken ct)
    {
        Drawn = true;
        var polygon = DrawnPolygon(DrawnCoordinates);
        if (polygon is null)
        {
            await ReloadAsync(ct);
            return Page();
        }
        return await SaveAsync(id, Encoding.UTF8.GetBytes(polygon), "drawn.geojson", null, ct);
    }

    private async Task<IActionResult> SaveAsync(Guid id, byte[] content, string? fileName, int? srid, CancellationToken ct)
    {
        await mediator.Send(new SaveDraftBoundaryCommand(id, content, fileName, srid), ct);
        return Redirect($"/portal/drafts/{id}/boundary#pre-check-heading");
    }

    public async Task ReloadAsync(CancellationToken ct) => Draft = await mediator.Send(new GetDraftQuery(this.RouteId()), ct);

    /// <summary>The GeoJSON polygon (lon/lat) of "longitude,latitude" lines, or null with the reason in <see cref="Errors"/>.</summary>
    private string? DrawnPolygon(string? text)
    {
        var points = new List<double[]>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // The polygon gets its closing point; the reader would refuse it too, but after building it.
        var limit = reader.Options.MaxVertices;
        if (lines.Length + 1 > limit)
        {
            Errors.Add("boundary", Bilingual.Text(
                $"绘制的红线有 {lines.Length + 1:N0} 个拐点（含闭合点），超过上限 {limit:N0} 个",
                $"The drawn boundary has {lines.Length + 1:N0} corners (the closing one included); the limit is {limit:N0}"));
            return null;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([',', '，', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
            {
                Errors.Add("boundary", Bilingual.Text($"第 {i + 1} 行不是“经度,纬度”：{lines[i]}", $"Line {i + 1} is not \"longitude,latitude\": {lines[i]}"));
                return null;
            }
            points.Add([lon, lat]);
        }
        if (points.Count > 1 && points[0].SequenceEqual(points[^1])) points.RemoveAt(points.Count - 1);
        if (points.Count < 3)
        {
            Errors.Add("boundary", Bilingual.Text("红线至少需要 3 个拐点：在地图上点击，或每行输入一个“经度,纬度”", "A boundary needs at least 3 corners: click them on the map or enter one \"longitude,latitude\" per line"));
            return null;
        }
        points.Add(points[0]);
        return JsonSerializer.Serialize(new { type = "Polygon", coordinates = new[] { points } });
    }
}
