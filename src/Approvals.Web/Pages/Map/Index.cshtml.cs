using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Rules;
using Approvals.Domain.Cases;
using Approvals.Domain.Naming;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Map;

/// <summary>
/// 一张图: the base maps, and every case the user may see, on one map for staff. The layers come as vector tiles
/// (<c>/tiles/basemaps</c>, <c>/tiles/cases</c>); this page gives the map its layer panel, filters and search.
/// </summary>
[Authorize]
public sealed class IndexModel(ActorAccessor actorAccessor, ProvinceRules rules, IConfiguration configuration) : PageModel
{
    public sealed record Choice(string Value, string Label);

    public IReadOnlyList<Shared.MapLayers.DepartmentGroup> Groups { get; private set; } = [];
    public IReadOnlyList<Choice> Statuses { get; } =
        Enum.GetValues<CaseStatus>().Select(s => new Choice(s.ToString(), Names.Of(s).Text())).ToList();
    public string? TileUrl => configuration["Approvals:Map:TileUrl"];

    public IActionResult OnGet()
    {
        var actor = actorAccessor.Current;
        // Base-map data is controlled: the map is for staff (applicants see what their own pre-check hit).
        if (!Shared.MapLayers.SeesBaseMaps(actor)) return Forbid();
        Groups = Shared.MapLayers.Groups(rules);
        return Page();
    }
}
