using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Routing;

namespace Approvals.Domain.Decisions;

/// <summary>
/// What a decision document says beyond the case itself, from <c>workflows/decision-documents.json</c>: the names of the
/// issuing authorities (per jurisdiction, with defaults built from the jurisdiction's name, e.g. 泽州县 + 林业局), the legal
/// basis a refusal cites by default, and the periods of the remedies a refusal must name.
/// </summary>
public sealed class DecisionDocumentRules
{
    public const string FileName = "decision-documents.json";

    private readonly IReadOnlyDictionary<Department, BilingualText> _defaults;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<Department, BilingualText>> _jurisdictions;
    private readonly IReadOnlyDictionary<Department, BilingualText> _legalBasis;

    private DecisionDocumentRules(IReadOnlyDictionary<Department, BilingualText> defaults,
        IReadOnlyDictionary<string, IReadOnlyDictionary<Department, BilingualText>> jurisdictions,
        IReadOnlyDictionary<Department, BilingualText> legalBasis, int reconsiderationDays, int litigationMonths)
    {
        _defaults = defaults;
        _jurisdictions = jurisdictions;
        _legalBasis = legalBasis;
        ReconsiderationDays = reconsiderationDays;
        LitigationMonths = litigationMonths;
    }

    /// <summary>Days from receipt within which the applicant may apply for administrative reconsideration (行政复议).</summary>
    public int ReconsiderationDays { get; }

    /// <summary>Months from receipt within which the applicant may sue (行政诉讼).</summary>
    public int LitigationMonths { get; }

    /// <summary>The authority that speaks for <paramref name="department"/> in <paramref name="jurisdiction"/>, e.g. 泽州县林业局.</summary>
    public BilingualText Authority(Jurisdiction jurisdiction, Department department)
    {
        if (_jurisdictions.TryGetValue(jurisdiction.Code, out var own) && own.TryGetValue(department, out var name)) return name;
        var pattern = _defaults[department];
        return new BilingualText(
            pattern.Zh.Replace("{name}", jurisdiction.Name, StringComparison.Ordinal),
            pattern.En.Replace("{nameEn}", jurisdiction.NameEn, StringComparison.Ordinal));
    }

    /// <summary>The law a refusal by <paramref name="department"/> cites unless the deciding reviewer writes another basis.</summary>
    public BilingualText LegalBasis(Department department) => _legalBasis[department];

    public static DecisionDocumentRules Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <exception cref="InvalidDataException">A section or name is missing; the message says where.</exception>
    public static DecisionDocumentRules Parse(string json, string fileName = FileName)
    {
        var file = RuleValues.Deserialize<RulesFile>(json, fileName);
        var authorities = RuleValues.Required(file.Authorities, "authorities", fileName);
        var defaults = Departments(RuleValues.Required(authorities.Defaults, "defaults", $"{fileName}: authorities"), $"{fileName}: authorities.defaults", everyDepartment: true);
        foreach (var (department, name) in defaults)
        {
            if (!name.Zh.Contains("{name}", StringComparison.Ordinal) || !name.En.Contains("{nameEn}", StringComparison.Ordinal))
                throw new InvalidDataException($"{fileName}: authorities.defaults.{department}: the names must contain {{name}} (zh) and {{nameEn}} (en).");
        }
        var jurisdictions = new Dictionary<string, IReadOnlyDictionary<Department, BilingualText>>();
        foreach (var (code, names) in authorities.Jurisdictions ?? [])
        {
            if (!Jurisdiction.IsValidCode(code)) throw new InvalidDataException($"{fileName}: authorities.jurisdictions: '{code}' is not a six-digit administrative code.");
            jurisdictions[code] = Departments(names, $"{fileName}: authorities.jurisdictions.{code}", everyDepartment: false);
        }
        var refusal = RuleValues.Required(file.Refusal, "refusal", fileName);
        var legalBasis = Departments(RuleValues.Required(refusal.LegalBasis, "legalBasis", $"{fileName}: refusal"), $"{fileName}: refusal.legalBasis", everyDepartment: true);
        var days = RuleValues.Required(refusal.ReconsiderationDays, "reconsiderationDays", $"{fileName}: refusal");
        var months = RuleValues.Required(refusal.LitigationMonths, "litigationMonths", $"{fileName}: refusal");
        if (days <= 0 || months <= 0) throw new InvalidDataException($"{fileName}: refusal: the remedy periods must be positive.");
        return new DecisionDocumentRules(defaults, jurisdictions, legalBasis, days, months);
    }

    private static Dictionary<Department, BilingualText> Departments(Dictionary<string, NameEntry> entries, string where, bool everyDepartment)
    {
        var result = new Dictionary<Department, BilingualText>();
        foreach (var (key, entry) in entries)
        {
            var department = RuleValues.ParseDepartment(key, where);
            result[department] = new BilingualText(RuleValues.Required(entry.Zh, "zh", $"{where}.{key}"), RuleValues.Required(entry.En, "en", $"{where}.{key}"));
        }
        var missing = Enum.GetValues<Department>().Where(d => !result.ContainsKey(d)).Select(d => d.ToString().ToLowerInvariant()).ToList();
        if (everyDepartment && missing.Count > 0) throw new InvalidDataException($"{where}: missing for {string.Join(", ", missing)}.");
        return result;
    }

    private sealed class RulesFile
    {
        public string? Source { get; set; }
        public AuthoritiesSection? Authorities { get; set; }
        public RefusalSection? Refusal { get; set; }
    }

    private sealed class AuthoritiesSection
    {
        public Dictionary<string, NameEntry>? Defaults { get; set; }
        public Dictionary<string, Dictionary<string, NameEntry>>? Jurisdictions { get; set; }
    }

    private sealed class RefusalSection
    {
        public Dictionary<string, NameEntry>? LegalBasis { get; set; }
        public int? ReconsiderationDays { get; set; }
        public int? LitigationMonths { get; set; }
    }

    private sealed class NameEntry
    {
        public string? Zh { get; set; }
        public string? En { get; set; }
    }
}
