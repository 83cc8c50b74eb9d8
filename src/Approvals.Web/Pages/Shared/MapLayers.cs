using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Rules;
using Approvals.Domain.Naming;

namespace Approvals.Web.Pages.Shared;

/// <summary>The base-map layer panel of every map: the 15 categories grouped by department, in catalogue order.</summary>
public static class MapLayers
{
    public sealed record CategoryItem(string Code, string Name, int Order);
    public sealed record DepartmentGroup(string Name, IReadOnlyList<CategoryItem> Categories);

    public static IReadOnlyList<DepartmentGroup> Groups(ProvinceRules rules) =>
        rules.Catalogue.Categories.GroupBy(c => c.Department).OrderBy(g => g.Key)
            .Select(g => new DepartmentGroup(Names.Of(g.Key).Text(),
                g.Select(c => new CategoryItem(c.Code, Bilingual.Text(c.Name, c.NameEn), c.Order)).ToList()))
            .ToList();

    /// <summary>
    /// Whether the actor may see the controlled base maps (the same roles as the base-map tiles): staff yes, applicants
    /// not (they see what their own pre-check hit, and the public county outlines).
    /// </summary>
    public static bool SeesBaseMaps(Actor actor) =>
        actor.IsInRole(Roles.Clerk) || actor.IsInRole(Roles.Reviewer) || actor.IsInRole(Roles.Supervisor) || actor.IsInRole(Roles.Administrator);
}
