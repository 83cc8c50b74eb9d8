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
    public sealed record CategoryItem(string Code, string Name, int Order);
    public sealed record DepartmentGroup(string Name, IReadOnlyList<CategoryItem> Categories);
    public sealed record Choice(string Value, string Label);

    public IReadOnlyList<DepartmentGroup> Groups { get; private set; } = [];
    public IReadOnlyList<Choice> Statuses { get; } =
        Enum.GetValues<CaseStatus>().Select(s => new Choice(s.ToString(), Names.Of(s).Text())).ToList();
    public string? TileUrl => configuration["Approvals:Map:TileUrl"];

    public IActionResult OnGet()
    {
        var actor = actorAccessor.Current;
        // Base-map data is controlled: the map is for staff (applicants see what their own pre-check hit).
        if (!(actor.IsInRole(Roles.Clerk) || actor.IsInRole(Roles.Reviewer) || actor.IsInRole(Roles.Supervisor) || actor.IsInRole(Roles.Administrator)))
            return Forbid();
        Groups = rules.Catalogue.Categories.GroupBy(c => c.Department).OrderBy(g => g.Key)
            .Select(g => new DepartmentGroup(Names.Of(g.Key).Text(),
                g.Select(c => new CategoryItem(c.Code, Bilingual.Text(c.Name, c.NameEn), c.Order)).ToList()))
            .ToList();
        return Page();
    }
}
