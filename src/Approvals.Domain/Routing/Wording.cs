using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Routing;

/// <summary>The words reasons are built from, in both languages (names come from <see cref="Names"/>).</summary>
public static class Wording
{
    public static string Zh(this JurisdictionLevel level) => Names.Of(level).Zh;

    /// <summary>The level as a word inside an English sentence ("county").</summary>
    public static string En(this JurisdictionLevel level) => Names.Of(level).En.ToLowerInvariant();

    public static string Zh(this Department department) => Names.Of(department).Zh;

    public static string En(this Department department) => department.ToString().ToLowerInvariant();

    public static string Zh(this UseType useType) => Names.Of(useType).Zh;

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
