using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;

namespace Approvals.Domain.UseTypes;

/// <summary>The facts of one requested use that routing needs; one subtype per use type.</summary>
public abstract record UseRequest
{
    private protected UseRequest() { }

    /// <summary>Which use this request is for.</summary>
    public abstract UseType UseType { get; }
}

/// <summary>The kinds of national key project (国家重点建设项目) that may touch permanent basic farmland or basic grassland.</summary>
public enum NationalKeyProjectKind
{
    Energy = 1,
    Transport = 2,
    Water = 3,
    Defence = 4,
}

/// <summary>
/// Land use (用地预审). Reviewed at the level that approves or files the project itself (同级审查), which the applicant declares.
/// </summary>
/// <param name="ProjectApprovalLevel">The level that approves or files the project: county, city, province or national.</param>
/// <param name="NationalKeyProject">The kind of national key project, or null when the project is not one.</param>
public sealed record LandUseRequest(JurisdictionLevel ProjectApprovalLevel, NationalKeyProjectKind? NationalKeyProject = null) : UseRequest
{
    public override UseType UseType => UseType.Land;

    /// <summary>True when the project is a national key project of any kind.</summary>
    public bool IsNationalKeyProject => NationalKeyProject is not null;
}

/// <summary>The forest categories whose thresholds differ (森林法实施条例).</summary>
public enum ForestKind
{
    /// <summary>防护林、特种用途林.</summary>
    ProtectionOrSpecialUse = 1,
    /// <summary>用材林、经济林、薪炭林.</summary>
    TimberEconomicOrFuel = 2,
    /// <summary>其他林地.</summary>
    Other = 3,
}

/// <summary>Permanent occupation, or temporary use of at most two years (临时使用林地), which has its own thresholds.</summary>
public enum ForestUseTerm
{
    Permanent = 1,
    Temporary = 2,
}

/// <summary>Forest-land use (使用林地).</summary>
/// <param name="Area">The forest land to be used.</param>
/// <param name="Kind">Which forest category it is.</param>
/// <param name="Term">Permanent or temporary (≤ 2 years).</param>
public sealed record ForestUseRequest(Area Area, ForestKind Kind, ForestUseTerm Term = ForestUseTerm.Permanent) : UseRequest
{
    public override UseType UseType => UseType.Forest;
}

/// <summary>Grassland use (征占用草原).</summary>
/// <param name="Area">The grassland to be used.</param>
/// <param name="IsBasicGrassland">True when it is basic grassland (基本草原), open only to national key projects.</param>
public sealed record GrasslandUseRequest(Area Area, bool IsBasicGrassland) : UseRequest
{
    public override UseType UseType => UseType.Grassland;
}

/// <summary>Mineral use (用矿): the mineral concerned, by code (e.g. "coal") or name (e.g. "煤").</summary>
public sealed record MineralUseRequest(string Mineral) : UseRequest
{
    public override UseType UseType => UseType.Mineral;
}
