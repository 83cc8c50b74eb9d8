using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Domain.BaseMaps;

/// <summary>How a category's deciding level is found.</summary>
public enum BaseMapLevelBasis
{
    /// <summary>The category names its level (<see cref="BaseMapCategory.RequiredLevel"/>).</summary>
    Fixed = 1,
    /// <summary>The level follows the forest-land area thresholds of the routing rules (FOR); <see cref="BaseMapCategory.RequiredLevel"/> is only the floor.</summary>
    ForestArea = 2,
}

/// <summary>
/// One of the base-map layers (底图) a boundary is checked against, with what a hit means for routing.
/// </summary>
/// <param name="Code">Stable identifier, e.g. "PBF".</param>
/// <param name="Name">Chinese name, e.g. 永久基本农田.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Effect">What a hit means (Chinese).</param>
/// <param name="EffectEn">What a hit means (English).</param>
/// <param name="Department">The department whose review a hit requires.</param>
/// <param name="RequiredLevel">The lowest level that may decide a case with such a hit (the floor when <paramref name="LevelBasis"/> is <see cref="BaseMapLevelBasis.ForestArea"/>).</param>
/// <param name="LevelBasis">Whether the level is fixed or computed from the forest-area rules.</param>
/// <param name="ForwardsToNational">True when a hit needs national approval that the province forwards (PBF → State Council).</param>
/// <param name="NationalAuthority">Who approves when forwarded (Chinese), e.g. 国务院; null unless <paramref name="ForwardsToNational"/>.</param>
/// <param name="NationalAuthorityEn">Who approves when forwarded (English).</param>
/// <param name="Order">Position in the catalogue, 1-based.</param>
public sealed record BaseMapCategory(
    string Code,
    string Name,
    string NameEn,
    string Effect,
    string EffectEn,
    Department Department,
    JurisdictionLevel RequiredLevel,
    BaseMapLevelBasis LevelBasis,
    bool ForwardsToNational,
    string? NationalAuthority,
    string? NationalAuthorityEn,
    int Order)
{
    /// <summary>
    /// The source attributes that say what a feature is (e.g. 保护等级 and 林种 of forest land, 许可证号 of a mining
    /// right): shown when a map user clicks the feature and carried in the base-map tiles; the others stay in the database.
    /// </summary>
    public IReadOnlyList<string> KeyAttributes { get; init; } = [];
}

/// <summary>Forest-land protection grade (林地保护等级) carried by FOR features: Ⅰ is the strictest.</summary>
public enum ForestProtectionGrade
{
    I = 1,
    II = 2,
    III = 3,
    IV = 4,
}

/// <summary>The codes of DOMAIN.md's fifteen categories; stable identifiers the rest of the system refers to.</summary>
public static class BaseMapCodes
{
    public const string PermanentBasicFarmland = "PBF";
    public const string EcologicalRedLine = "EPR";
    public const string NatureReserve = "NRS";
    public const string NaturePark = "NPK";
    public const string UrbanDevelopmentBoundary = "UDB";
    public const string LandUseZoning = "LUZ";
    public const string Cultivated = "CUL";
    public const string PublicWelfareForest = "PWF";
    public const string ForestLand = "FOR";
    public const string BasicGrassland = "BGR";
    public const string Wetland = "WET";
    public const string MineralRights = "MRT";
    public const string ImportantMineralDeposits = "IMD";
    public const string GeologicalHazard = "GHZ";
    public const string DrinkingWaterSource = "DWS";

    /// <summary>All fifteen, in catalogue order; a catalogue file must define each of them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PermanentBasicFarmland, EcologicalRedLine, NatureReserve, NaturePark, UrbanDevelopmentBoundary,
        LandUseZoning, Cultivated, PublicWelfareForest, ForestLand, BasicGrassland,
        Wetland, MineralRights, ImportantMineralDeposits, GeologicalHazard, DrinkingWaterSource,
    ];
}
