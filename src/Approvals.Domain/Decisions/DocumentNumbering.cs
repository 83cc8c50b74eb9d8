using System.Text.Json;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Domain.Decisions;

/// <summary>An issuer of decision documents: the department at a level and its abbreviation (may contain <c>{jurisdiction}</c>).</summary>
public sealed record DocumentIssuer(JurisdictionLevel Level, Department Department, string Abbreviation);

/// <summary>
/// Who numbers decision documents and how: the province's short name and an abbreviation per level and department,
/// from the <c>documentNumbers</c> section of <c>workflows/routing-rules.json</c>. Sequence allocation is the database's job.
/// </summary>
public sealed class DocumentNumbering
{
    private const string JurisdictionPlaceholder = "{jurisdiction}";

    private DocumentNumbering(string provinceShortName, IReadOnlyList<DocumentIssuer> issuers)
    {
        ProvinceShortName = provinceShortName;
        Issuers = issuers;
    }

    /// <summary>The province's one-character short name, e.g. 晋.</summary>
    public string ProvinceShortName { get; }

    public IReadOnlyList<DocumentIssuer> Issuers { get; }

    /// <summary>
    /// The issuer abbreviation for a department at a level. Where the configured abbreviation contains <c>{jurisdiction}</c>
    /// (cities and counties), <paramref name="jurisdictionShortName"/> (e.g. 城 for 晋城市) fills it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No issuer is configured, or a needed short name is missing.</exception>
    public string IssuerAbbreviation(JurisdictionLevel level, Department department, string? jurisdictionShortName = null)
    {
        var issuer = Issuers.FirstOrDefault(i => i.Level == level && i.Department == department)
            ?? throw new InvalidOperationException($"No document issuer is configured for the {department} department at {level} level.");
        if (!issuer.Abbreviation.Contains(JurisdictionPlaceholder, StringComparison.Ordinal)) return issuer.Abbreviation;
        if (string.IsNullOrWhiteSpace(jurisdictionShortName))
            throw new InvalidOperationException($"The {department} issuer at {level} level needs the jurisdiction's short name.");
        return issuer.Abbreviation.Replace(JurisdictionPlaceholder, jurisdictionShortName.Trim(), StringComparison.Ordinal);
    }

    /// <summary>The sequence scope for documents of this issuer in <paramref name="year"/>.</summary>
    public DocumentIssuerKey IssuerKey(JurisdictionLevel level, Department department, int year, string? jurisdictionShortName = null,
        DocumentKind kind = DocumentKind.Approval) =>
        new(ProvinceShortName + IssuerAbbreviation(level, department, jurisdictionShortName), year, kind);

    /// <summary>The number for an allocated <paramref name="sequence"/>.</summary>
    public DecisionDocumentNumber Number(JurisdictionLevel level, Department department, int year, int sequence, string? jurisdictionShortName = null,
        DocumentKind kind = DocumentKind.Approval) =>
        new(ProvinceShortName, IssuerAbbreviation(level, department, jurisdictionShortName), year, sequence, kind);

    /// <summary>Loads the <c>documentNumbers</c> section of a routing-rules file.</summary>
    public static DocumentNumbering Load(string routingRulesPath) => Parse(File.ReadAllText(routingRulesPath), Path.GetFileName(routingRulesPath));

    /// <summary>Parses the <c>documentNumbers</c> section of routing-rules JSON.</summary>
    /// <exception cref="InvalidDataException">The section is missing or malformed; the message says where.</exception>
    public static DocumentNumbering Parse(string routingRulesJson, string fileName = "routing-rules.json")
    {
        var where = $"{fileName}: documentNumbers";
        JsonElement section;
        try
        {
            using var doc = JsonDocument.Parse(routingRulesJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!doc.RootElement.TryGetProperty("documentNumbers", out var found)) throw new InvalidDataException($"{where}: the section is missing.");
            section = found.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{fileName}: not valid JSON ({ex.Message}).", ex);
        }

        var f = RuleValues.Deserialize<NumberingSection>(section.GetRawText(), where);
        var shortName = RuleValues.Required(f.ProvinceShortName, "provinceShortName", where);
        if (shortName.Length != 1) throw new InvalidDataException($"{where}: 'provinceShortName' must be one character, e.g. 晋.");
        var issuers = new List<DocumentIssuer>();
        foreach (var i in RuleValues.Required(f.Issuers, "issuers", where))
        {
            var w = $"{where}: issuer {i.Level}/{i.Department}";
            var issuer = new DocumentIssuer(RuleValues.ParseLevel(i.Level, w), RuleValues.ParseDepartment(i.Department, w), RuleValues.Required(i.Abbreviation, "abbreviation", w));
            if (issuer.Level == JurisdictionLevel.National) throw new InvalidDataException($"{w}: the system issues no national documents.");
            if (issuers.Any(x => x.Level == issuer.Level && x.Department == issuer.Department)) throw new InvalidDataException($"{w}: defined twice.");
            issuers.Add(issuer);
        }

        return new DocumentNumbering(shortName, issuers);
    }

    private sealed class NumberingSection
    {
        public string? Source { get; set; }
        public string? ProvinceShortName { get; set; }
        public List<IssuerEntry>? Issuers { get; set; }
    }

    private sealed class IssuerEntry
    {
        public string? Level { get; set; }
        public string? Department { get; set; }
        public string? Abbreviation { get; set; }
    }
}
