using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Routing;

/// <summary>A short sentence in Chinese and English; Chinese is what the documents show.</summary>
public sealed record BilingualText(string Zh, string En)
{
    public override string ToString() => Zh;
}

/// <summary>
/// One category the boundary intersects, from the spatial check. Pass one hit per category (its union overlap), or per
/// protection grade for forest land; hits with the same code are added up.
/// </summary>
/// <param name="CategoryCode">The base-map category, e.g. "PBF".</param>
/// <param name="Overlap">Area of the boundary inside the category.</param>
/// <param name="ForestGrade">For forest land: the protection grade of the covered land, when known.</param>
/// <param name="ForestKind">For forest land: the forest kind of the covered land, when known.</param>
/// <param name="Attributes">Key attributes of the features hit (e.g. a nature reserve's functional zone).</param>
public sealed record SpatialHit(
    string CategoryCode,
    Area Overlap,
    ForestProtectionGrade? ForestGrade = null,
    ForestKind? ForestKind = null,
    IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>What routing needs to know about a case.</summary>
/// <param name="Uses">The requested uses with their facts; at least one.</param>
/// <param name="Hits">The spatial check's hits.</param>
/// <param name="IsInfrastructurePublicOrDefence">True for infrastructure, public-service or defence projects, which may use grade Ⅱ forest land.</param>
public sealed record CaseRoutingInput(
    IReadOnlyList<UseRequest> Uses,
    IReadOnlyList<SpatialHit> Hits,
    bool IsInfrastructurePublicOrDefence = false);

/// <summary>How serious a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Allowed, on the condition the category's effect states (a consent, an assessment, balancing…).</summary>
    Condition = 1,
    /// <summary>Not allowed for this project: the case should be refused unless the facts change.</summary>
    Prohibited = 2,
}

/// <summary>A consequence of a hit or a requested use that reviewers must see.</summary>
public sealed record RoutingFinding(FindingSeverity Severity, string? CategoryCode, BilingualText Text);

/// <summary>One department's part in the case: the level its own rules require and why.</summary>
/// <param name="Requested">False when only a hit added this department's review.</param>
public sealed record DepartmentRouting(Department Department, bool Requested, JurisdictionLevel RequiredLevel, IReadOnlyList<BilingualText> Reasons);

/// <summary>One thing that requires a department's review at a level: a requested use, or a hit on a base-map category.</summary>
/// <param name="CategoryCode">The category whose hit makes the requirement; null for a requested use (the declared project level, the thresholds).</param>
public sealed record RoutingRequirement(Department Department, JurisdictionLevel Level, BilingualText Reason, string? CategoryCode);

/// <summary>The outcome of <see cref="CaseRouting.Decide"/>: who reviews, where it is decided, and why.</summary>
/// <param name="RequiredDepartments">Requested departments plus those added by hits, in department order.</param>
/// <param name="Departments">Per department: whether requested, the level its rules require, and the reasons.</param>
/// <param name="RequiredLevel">The highest level any use or hit requires; may be National.</param>
/// <param name="DecidingLevel">Where the system decides: <see cref="RequiredLevel"/> capped at the system's top level (the province).</param>
/// <param name="ForwardToNational">True when a national authority must approve; the deciding level reviews and forwards.</param>
/// <param name="ForwardReasons">Why forwarding is needed (empty unless <paramref name="ForwardToNational"/>).</param>
/// <param name="Chain">The levels the case passes, from the county up to <paramref name="DecidingLevel"/>; all but the last do a first review.</param>
/// <param name="Findings">Prohibitions and conditions from the hits and uses.</param>
/// <param name="Reasons">Every reason for the levels above, in input order.</param>
public sealed record RoutingDecision(
    IReadOnlyList<Department> RequiredDepartments,
    IReadOnlyList<DepartmentRouting> Departments,
    JurisdictionLevel RequiredLevel,
    JurisdictionLevel DecidingLevel,
    bool ForwardToNational,
    IReadOnlyList<BilingualText> ForwardReasons,
    IReadOnlyList<JurisdictionLevel> Chain,
    IReadOnlyList<RoutingFinding> Findings,
    IReadOnlyList<BilingualText> Reasons)
{
    /// <summary>Every requirement, in input order: one per requested use, then those of the hits by category.</summary>
    public IReadOnlyList<RoutingRequirement> Requirements { get; init; } = [];

    /// <summary>
    /// Why the case is decided at <see cref="DecidingLevel"/>: the reasons of the requirements at that level (or above it,
    /// when capped at the system's top). Pages explain the level with these, not with a list of their own.
    /// </summary>
    public IReadOnlyList<BilingualText> LevelReasons { get; init; } = [];

    /// <summary>The level the hit on <paramref name="categoryCode"/> itself requires, or null when it was not hit.</summary>
    public JurisdictionLevel? LevelOfCategory(string categoryCode)
    {
        var own = Requirements.Where(r => string.Equals(r.CategoryCode, categoryCode, StringComparison.OrdinalIgnoreCase)).ToList();
        return own.Count == 0 ? null : own.Max(r => r.Level);
    }

    /// <summary>Departments the applicant did not ask for but a hit added.</summary>
    public IReadOnlyList<Department> AddedDepartments => Departments.Where(d => !d.Requested).Select(d => d.Department).ToList();

    /// <summary>The levels that do a first review and forward (the chain without its last level).</summary>
    public IReadOnlyList<JurisdictionLevel> FirstReviewLevels => Chain.Take(Chain.Count - 1).ToList();

    /// <summary>True when any finding prohibits the project.</summary>
    public bool IsProhibited => Findings.Any(f => f.Severity == FindingSeverity.Prohibited);
}
