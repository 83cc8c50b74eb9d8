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
