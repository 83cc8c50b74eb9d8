using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Routing;

/// <summary>The words reasons are built from, in both languages.</summary>
public static class Wording
{
    public static string Zh(this JurisdictionLevel level) => level switch
    {
        JurisdictionLevel.County => "县级",
        JurisdictionLevel.City => "市级",
        JurisdictionLevel.Province => "省级",
        JurisdictionLevel.National => "国家级",
        _ => level.ToString(),
    };

    public static string En(this JurisdictionLevel level) => level switch
    {
        JurisdictionLevel.County => "county",
        JurisdictionLevel.City => "city",
        JurisdictionLevel.Province => "province",
        JurisdictionLevel.National => "national",
        _ => level.ToString(),
    };

    public static string Zh(this Department department) => department switch
    {
        Department.Land => "自然资源（用地）",
        Department.Mineral => "矿产",
        Department.Forest => "林业",
        Department.Grassland => "草原",
        _ => department.ToString(),
    };

    public static string En(this Department department) => department.ToString().ToLowerInvariant();

    public static string Zh(this UseType useType) => useType switch
    {
        UseType.Land => "用地",
        UseType.Mineral => "用矿",
        UseType.Forest => "用林",
        UseType.Grassland => "用草",
        _ => useType.ToString(),
    };

    public static string Zh(this ForestKind kind) => kind switch
    {
        ForestKind.ProtectionOrSpecialUse => "防护林或特种用途林地",
        ForestKind.TimberEconomicOrFuel => "用材林、经济林或薪炭林地",
        _ => "其他林地",
    };

    public static string En(this ForestKind kind) => kind switch
    {
        ForestKind.ProtectionOrSpecialUse => "protection or special-use forest",
        ForestKind.TimberEconomicOrFuel => "timber, economic or fuel forest",
        _ => "other forest land",
    };

    public static string Zh(this ForestUseTerm term) => term == ForestUseTerm.Temporary ? "临时使用" : "永久使用";

    public static string En(this ForestUseTerm term) => term == ForestUseTerm.Temporary ? "temporary use" : "permanent use";

    public static string Zh(this ForestProtectionGrade grade) => grade switch
    {
        ForestProtectionGrade.I => "Ⅰ",
        ForestProtectionGrade.II => "Ⅱ",
        ForestProtectionGrade.III => "Ⅲ",
        _ => "Ⅳ",
    };

    /// <summary>"需市级审查" or, for national, "需报省级审查并转报国务院".</summary>
    public static BilingualText Needs(JurisdictionLevel level, JurisdictionLevel top, NationalAuthority? authority) =>
        level > top
            ? new BilingualText($"需报{top.Zh()}审查并转报{authority?.Name}", $"must be reviewed by the {top.En()} and forwarded to {authority?.NameEn}")
            : new BilingualText($"需{level.Zh()}审查", $"to be decided at {level.En()} level");
}
