using Approvals.Domain.BaseMaps;

namespace Approvals.Domain.Routing;

/// <summary>
/// The base-map features a project may not touch at all, as <see cref="CaseRouting"/> decides prohibitions: whole
/// categories (PBF, BGR unless a national key project), forest land of some protection grades, and core zones. Avoidance
/// (选址避让) cuts these out of a boundary and searches for sites clear of them; it never keeps a list of its own.
/// </summary>
/// <param name="WholeCategories">Categories every feature of which is prohibited.</param>
/// <param name="ForestCategories">The categories whose features carry a forest protection grade (the forest-area basis).</param>
/// <param name="ForestGrades">Protection grades prohibited in <paramref name="ForestCategories"/>.</param>
/// <param name="CoreZones">Features of a category whose attribute marks a core zone.</param>
public sealed record ProhibitedFeatures(
    IReadOnlyList<string> WholeCategories,
    IReadOnlyList<string> ForestCategories,
    IReadOnlyList<ForestProtectionGrade> ForestGrades,
    IReadOnlyList<CoreZoneRule> CoreZones)
{
    public bool IsEmpty => WholeCategories.Count == 0 && (ForestCategories.Count == 0 || ForestGrades.Count == 0) && CoreZones.Count == 0;
}
