using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Routing;

/// <summary>
/// Decides who reviews a case and at which level (DOMAIN.md "Who decides"): the highest level any requested use or
/// spatial hit requires, capped at the province with a flag when a national authority must approve.
/// </summary>
public sealed class CaseRouting
{
    private readonly BaseMapCatalogue catalogue;
    private readonly RoutingRules rules;

    /// <exception cref="InvalidDataException">The rules name a category the catalogue does not have.</exception>
    public CaseRouting(BaseMapCatalogue catalogue, RoutingRules rules)
    {
        this.catalogue = catalogue;
        this.rules = rules;
        var named = rules.Prohibitions.NationalKeyProjectOnly.Concat(rules.Prohibitions.CoreZones.Select(z => z.CategoryCode));
        foreach (var code in named)
        {
            if (!catalogue.TryGet(code, out _))
                throw new InvalidDataException($"{RoutingRules.FileName}: prohibitions name category '{code}', which {BaseMapCatalogue.FileName} does not define.");
        }
    }

    /// <summary>The thresholds this routing applies (for showing them).</summary>
    public RoutingRules Rules => rules;

    /// <summary>Loads the catalogue and the routing rules from a <c>workflows/</c> directory.</summary>
    public static CaseRouting Load(string workflowsDirectory) => new(
        BaseMapCatalogue.Load(Path.Combine(workflowsDirectory, BaseMapCatalogue.FileName)),
        RoutingRules.Load(Path.Combine(workflowsDirectory, RoutingRules.FileName)));

    /// <summary>Routes one case.</summary>
    /// <exception cref="ArgumentException">No use was requested, or a hit names an unknown category.</exception>
    public RoutingDecision Decide(CaseRoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Uses.Count == 0) throw new ArgumentException("A case asks for at least one use.", nameof(input));

        var requirements = new List<Requirement>();
        var findings = new List<RoutingFinding>();
        var requested = input.Uses.Select(u => u.UseType.ReviewingDepartment()).ToHashSet();
        var isNationalKeyProject = input.Uses.OfType<LandUseRequest>().Any(l => l.IsNationalKeyProject);

        foreach (var use in input.Uses)
        {
            requirements.Add(RequirementOf(use));
            if (use is GrasslandUseRequest { IsBasicGrassland: true } && !isNationalKeyProject
                && rules.Prohibitions.NationalKeyProjectOnly.Contains(BaseMapCodes.BasicGrassland))
            {
                findings.Add(new RoutingFinding(FindingSeverity.Prohibited, BaseMapCodes.BasicGrassland, new BilingualText(
                    "申请使用基本草原，仅国家重点建设项目可使用，本项目不是国家重点建设项目",
                    "Basic grassland is requested, which only national key projects may use; this project is not one")));
            }
        }

        var hitGroups = input.Hits
            .GroupBy(h => catalogue.TryGet(h.CategoryCode, out var c) ? c : throw new ArgumentException($"Unknown base-map category '{h.CategoryCode}' in the spatial hits.", nameof(input)))
            .OrderBy(g => g.Key.Order);
        foreach (var group in hitGroups)
        {
            var category = group.Key;
            var hits = group.ToList();
            requirements.Add(RequirementOf(category, hits, input.Uses));
            if (!requested.Contains(category.Department))
            {
                var use = category.Department.ReviewedUseType();
                requirements.Add(new Requirement(category.Department, rules.EntryLevel, new BilingualText(
                    $"未申请{use.Zh()}，因覆盖{category.Name}增加{category.Department.Zh()}审查",
                    $"Adds the {category.Department.En()} review: the boundary covers {category.NameEn}, which the application did not include"),
                    category.Code));
            }

            findings.AddRange(FindingsOf(category, hits, isNationalKeyProject, input.IsInfrastructurePublicOrDefence));
        }

        var requiredLevel = requirements.Max(r => r.Level);
        var deciding = (JurisdictionLevel)Math.Clamp((int)requiredLevel, (int)rules.EntryLevel, (int)rules.SystemTopLevel);
        var forwardReasons = requirements.Where(r => r.Level > rules.SystemTopLevel).Select(r => r.Reason).ToList();
        var departments = requirements
            .GroupBy(r => r.Department)
            .OrderBy(g => g.Key)
            .Select(g => new DepartmentRouting(g.Key, requested.Contains(g.Key), g.Max(r => r.Level), g.Select(r => r.Reason).ToList()))
            .ToList();
        var chain = Enumerable.Range((int)rules.EntryLevel, (int)deciding - (int)rules.EntryLevel + 1).Select(l => (JurisdictionLevel)l).ToList();

        // What sets the deciding level: every requirement at it (or, when capped at the system's top, above it).
        var levelReasons = requirements.Where(r => r.Level >= deciding).Select(r => r.Reason).Distinct().ToList();

        return new RoutingDecision(
            departments.Select(d => d.Department).ToList(),
            departments,
            requiredLevel,
            deciding,
            forwardReasons.Count > 0,
            forwardReasons,
            chain,
            findings,
            requirements.Select(r => r.Reason).ToList())
        {
            Requirements = requirements.Select(r => new RoutingRequirement(r.Department, r.Level, r.Reason, r.CategoryCode)).ToList(),
            LevelReasons = levelReasons,
        };
    }

    private Requirement RequirementOf(UseRequest use)
    {
        var top = rules.SystemTopLevel;
        switch (use)
        {
            case LandUseRequest land:
            {
                var level = land.ProjectApprovalLevel;
                var needs = Wording.Needs(level, top, rules.LandNationalAuthority);
                return new Requirement(Department.Land, level, new BilingualText(
                    $"项目由{level.Zh()}审批或备案，用地同级审查，{needs.Zh}",
                    $"The project is approved or filed at {level.En()} level, so land use is reviewed at the same level: {needs.En}"));
            }

            case ForestUseRequest forest:
            {
                var level = rules.Forest.LevelFor(forest.Kind, forest.Term, forest.Area);
                var needs = Wording.Needs(level, top, rules.Forest.NationalAuthority);
                return new Requirement(Department.Forest, level, new BilingualText(
                    $"{forest.Term.Zh()}{forest.Kind.Zh()} {forest.Area.HectaresText} 公顷，{needs.Zh}",
                    $"{Capitalise(forest.Term.En())} of {forest.Area.HectaresText} ha of {forest.Kind.En()}: {needs.En}"));
            }

            case GrasslandUseRequest grass:
            {
                var level = rules.Grassland.LevelFor(grass.Area);
                var needs = Wording.Needs(level, top, rules.Grassland.NationalAuthority);
                return new Requirement(Department.Grassland, level, new BilingualText(
                    $"使用草原 {grass.Area.HectaresText} 公顷，{needs.Zh}",
                    $"Uses {grass.Area.HectaresText} ha of grassland: {needs.En}"));
            }

            case MineralUseRequest mineral:
            {
                var listing = rules.Minerals.Find(mineral.Mineral);
                var level = listing?.Level ?? rules.Minerals.DefaultLevel;
                var needs = Wording.Needs(level, top, rules.Minerals.NationalAuthority);
                return listing is null
                    ? new Requirement(Department.Mineral, level, new BilingualText(
                        $"矿种“{mineral.Mineral.Trim()}”不在部、省、县审批目录内，{needs.Zh}",
                        $"Mineral '{mineral.Mineral.Trim()}' is on none of the ministry, province or county lists: {needs.En}"))
                    : new Requirement(Department.Mineral, level, new BilingualText(
                        $"矿种“{listing.Name}”列入{level.Zh()}审批目录，{needs.Zh}",
                        $"Mineral '{listing.NameEn}' is on the {level.En()} list: {needs.En}"));
            }

            default:
                throw new ArgumentException($"Unsupported use request {use.GetType().Name}.", nameof(use));
        }
    }

    private Requirement RequirementOf(BaseMapCategory category, IReadOnlyList<SpatialHit> hits, IReadOnlyList<UseRequest> uses)
    {
        var total = hits.Aggregate(Area.Zero, (sum, h) => sum + h.Overlap);
        var top = rules.SystemTopLevel;
        if (category.LevelBasis == BaseMapLevelBasis.ForestArea)
        {
            // Covered forest land is judged as the applicant's forest use would be; without a request, as permanent use of the implied kind.
            var request = uses.OfType<ForestUseRequest>().FirstOrDefault();
            var term = request?.Term ?? ForestUseTerm.Permanent;
            var fallbackKind = request?.Kind ?? rules.Forest.ImpliedKind;
            var byKind = hits.GroupBy(h => h.ForestKind ?? fallbackKind).ToDictionary(g => g.Key, g => g.Aggregate(Area.Zero, (s, h) => s + h.Overlap));
            var termRules = term == ForestUseTerm.Temporary ? rules.Forest.Temporary : rules.Forest.Permanent;
            var level = (JurisdictionLevel)Math.Max((int)termRules.LevelFor(byKind), (int)category.RequiredLevel);
            var kinds = string.Join("、", byKind.Keys.Order().Select(k => k.Zh()));
            var kindsEn = string.Join(", ", byKind.Keys.Order().Select(k => k.En()));
            var needs = Wording.Needs(level, top, rules.Forest.NationalAuthority);
            return new Requirement(category.Department, level, new BilingualText(
                $"覆盖{category.Name} {total.HectaresText} 公顷（按{kinds}{term.Zh()}计），{needs.Zh}",
                $"Covers {total.HectaresText} ha of {category.NameEn} (as {term.En()} of {kindsEn}): {needs.En}"), category.Code);
        }

        var required = category.ForwardsToNational ? JurisdictionLevel.National : category.RequiredLevel;
        var authority = category.ForwardsToNational ? new NationalAuthority(category.NationalAuthority!, category.NationalAuthorityEn!) : null;
        var text = Wording.Needs(required, top, authority);
        return new Requirement(category.Department, required, new BilingualText(
            $"覆盖{category.Name} {total.HectaresText} 公顷，{text.Zh}",
            $"Covers {total.HectaresText} ha of {category.NameEn}: {text.En}"), category.Code);
    }

    /// <summary>
    /// The features <see cref="Decide"/> would call prohibited for a project with these uses: the same conditions as the
    /// findings below (national key projects may use PBF and BGR; grade Ⅱ forest only for infrastructure, public-service
    /// or defence projects and national key ones; core zones never).
    /// </summary>
    public ProhibitedFeatures ProhibitedFeatures(IReadOnlyList<UseRequest> uses, bool isInfrastructurePublicOrDefence = false)
    {
        var p = rules.Prohibitions;
        var isNationalKeyProject = uses.OfType<LandUseRequest>().Any(l => l.IsNationalKeyProject);
        var grades = p.ProhibitedForestGrades
            .Concat(isInfrastructurePublicOrDefence || isNationalKeyProject ? [] : p.InfrastructurePublicOrDefenceOnlyForestGrades)
            .Distinct().Order().ToList();
        return new ProhibitedFeatures(
            isNationalKeyProject ? [] : p.NationalKeyProjectOnly.Order(StringComparer.Ordinal).ToList(),
            catalogue.Categories.Where(c => c.LevelBasis == BaseMapLevelBasis.ForestArea).Select(c => c.Code).ToList(),
            grades,
            p.CoreZones);
    }

    private IEnumerable<RoutingFinding> FindingsOf(BaseMapCategory category, IReadOnlyList<SpatialHit> hits, bool isNationalKeyProject, bool isInfrastructurePublicOrDefence)
    {
        var p = rules.Prohibitions;
        var prohibited = new List<RoutingFinding>();
        var total = hits.Aggregate(Area.Zero, (sum, h) => sum + h.Overlap);

        if (p.NationalKeyProjectOnly.Contains(category.Code) && !isNationalKeyProject)
        {
            prohibited.Add(new RoutingFinding(FindingSeverity.Prohibited, category.Code, new BilingualText(
                $"覆盖{category.Name} {total.HectaresText} 公顷，仅国家重点建设项目可占用，本项目不是国家重点建设项目，禁止",
                $"Covers {total.HectaresText} ha of {category.NameEn}, which only national key projects may use; this project is not one: prohibited")));
        }

        foreach (var grade in hits.Where(h => h.ForestGrade is not null).GroupBy(h => h.ForestGrade!.Value).OrderBy(g => g.Key))
        {
            var area = grade.Aggregate(Area.Zero, (sum, h) => sum + h.Overlap);
            if (p.ProhibitedForestGrades.Contains(grade.Key))
            {
                prohibited.Add(new RoutingFinding(FindingSeverity.Prohibited, category.Code, new BilingualText(
                    $"覆盖{grade.Key.Zh()}级保护林地 {area.HectaresText} 公顷，禁止使用",
                    $"Covers {area.HectaresText} ha of grade {grade.Key} protected forest land: prohibited")));
            }
            else if (p.InfrastructurePublicOrDefenceOnlyForestGrades.Contains(grade.Key) && !isInfrastructurePublicOrDefence && !isNationalKeyProject)
            {
                prohibited.Add(new RoutingFinding(FindingSeverity.Prohibited, category.Code, new BilingualText(
                    $"覆盖{grade.Key.Zh()}级保护林地 {area.HectaresText} 公顷，仅限基础设施、公共事业和国防项目使用，禁止",
                    $"Covers {area.HectaresText} ha of grade {grade.Key} protected forest land, open only to infrastructure, public-service or defence projects: prohibited")));
            }
        }

        foreach (var zone in p.CoreZones.Where(z => string.Equals(z.CategoryCode, category.Code, StringComparison.OrdinalIgnoreCase)))
        {
            if (hits.Any(h => IsCoreZone(zone, h)))
            {
                prohibited.Add(new RoutingFinding(FindingSeverity.Prohibited, category.Code, new BilingualText(
                    $"涉及{category.Name}核心区，禁止",
                    $"Reaches the core zone of a {category.NameEn}: prohibited")));
            }
        }

        return prohibited.Count > 0
            ? prohibited
            : [new RoutingFinding(FindingSeverity.Condition, category.Code, new BilingualText($"{category.Name}：{category.Effect}", $"{category.NameEn}: {category.EffectEn}"))];
    }

    private static bool IsCoreZone(CoreZoneRule zone, SpatialHit hit) =>
        hit.Attributes is { } attributes
        && attributes.Any(a => zone.Attributes.Contains(a.Key.Trim(), StringComparer.OrdinalIgnoreCase)
                               && zone.CoreValues.Contains(a.Value?.Trim() ?? "", StringComparer.OrdinalIgnoreCase));

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record Requirement(Department Department, JurisdictionLevel Level, BilingualText Reason, string? CategoryCode = null);
}
