using Approvals.Domain.BaseMaps;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Documents;

/// <summary>A kind of document an applicant uploads (申请表, 勘测定界图 …), by a stable code.</summary>
public sealed record DocumentType(string Code, BilingualText Name);

/// <summary>
/// One item of the checklist: satisfied by a document of any of <see cref="AnyOf"/> (e.g. 使用林地可行性报告 or
/// 现状调查表). It applies to an application that asks for one of <see cref="UseTypes"/> (none: every application)
/// and whose boundary intersects one of <see cref="Hits"/> (none: whatever it hits).
/// </summary>
public sealed record DocumentRequirement(IReadOnlyList<DocumentType> AnyOf, IReadOnlyList<UseType> UseTypes, IReadOnlyList<string> Hits)
{
    /// <summary>The item as people read it: the names of its types joined by "or".</summary>
    public BilingualText Name => new(
        string.Join("或", AnyOf.Select(t => t.Name.Zh)),
        string.Join(" or ", AnyOf.Select(t => t.Name.En)));

    public bool AppliesTo(IReadOnlyCollection<UseType> uses, IReadOnlyCollection<string> hitCategories) =>
        (UseTypes.Count == 0 || UseTypes.Any(uses.Contains)) && (Hits.Count == 0 || Hits.Any(hitCategories.Contains));

    public bool IsSatisfiedBy(IEnumerable<string?> documentTypes) => documentTypes.Any(t => t is not null && AnyOf.Any(a => a.Code == t));
}

/// <summary>
/// The materials an application must carry, from <c>workflows/required-documents.json</c>: the document types
/// an upload may be given, and which of them each use type (and each kind of hit) requires.
/// </summary>
public sealed class RequiredDocuments
{
    /// <summary>The file name under <c>workflows/</c>.</summary>
    public const string FileName = "required-documents.json";

    private readonly Dictionary<string, DocumentType> byCode;

    private RequiredDocuments(IReadOnlyList<DocumentType> types, IReadOnlyList<DocumentRequirement> requirements)
    {
        Types = types;
        Requirements = requirements;
        byCode = types.ToDictionary(t => t.Code, StringComparer.Ordinal);
    }

    /// <summary>Every document type an upload may be given, in the file's order.</summary>
    public IReadOnlyList<DocumentType> Types { get; }

    public IReadOnlyList<DocumentRequirement> Requirements { get; }

    /// <summary>The type of a code, or null for an unknown code.</summary>
    public DocumentType? Find(string? code) => code is not null && byCode.TryGetValue(code, out var t) ? t : null;

    /// <summary>The checklist of an application asking for <paramref name="uses"/> whose boundary intersects <paramref name="hitCategories"/>.</summary>
    public IReadOnlyList<DocumentRequirement> For(IReadOnlyCollection<UseType> uses, IReadOnlyCollection<string> hitCategories) =>
        Requirements.Where(r => r.AppliesTo(uses, hitCategories)).ToList();

    public static RequiredDocuments Load(string path, BaseMapCatalogue catalogue) => Parse(File.ReadAllText(path), catalogue, Path.GetFileName(path));

    /// <summary>Parses and validates the file.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON, a duplicate or unknown code, an unknown use type or category; the message says which.</exception>
    public static RequiredDocuments Parse(string json, BaseMapCatalogue catalogue, string fileName = FileName)
    {
        var file = RuleValues.Deserialize<DocumentsFile>(json, fileName);
        var types = new List<DocumentType>();
        foreach (var (entry, i) in RuleValues.Required(file.DocumentTypes, "documentTypes", fileName).Select((e, i) => (e, i)))
        {
            var where = $"{fileName}: documentTypes[{i}]";
            var code = RuleValues.Required(entry.Code, "code", where);
            if (code.Length > 50 || !code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                throw new InvalidDataException($"{where}: code '{code}' must be at most 50 lower-case letters, digits and hyphens.");
            if (types.Any(t => t.Code == code)) throw new InvalidDataException($"{where}: code '{code}' appears twice.");
            types.Add(new DocumentType(code, new BilingualText(RuleValues.Required(entry.Zh, "zh", where), RuleValues.Required(entry.En, "en", where))));
        }
        if (types.Count == 0) throw new InvalidDataException($"{fileName}: 'documentTypes' must list at least one type.");

        var requirements = new List<DocumentRequirement>();
        foreach (var (entry, i) in RuleValues.Required(file.Requirements, "requirements", fileName).Select((e, i) => (e, i)))
        {
            var where = $"{fileName}: requirements[{i}]";
            var anyOf = RuleValues.Required(entry.AnyOf, "anyOf", where);
            if (anyOf.Count == 0) throw new InvalidDataException($"{where}: 'anyOf' must name at least one document type.");
            var accepted = anyOf.Select(code => types.FirstOrDefault(t => t.Code == code)
                ?? throw new InvalidDataException($"{where}: unknown document type '{code}' (not in documentTypes).")).ToList();
            var uses = (entry.UseTypes ?? []).Select(u => u?.Trim().ToLowerInvariant() switch
            {
                "land" => UseType.Land,
                "mineral" => UseType.Mineral,
                "forest" => UseType.Forest,
                "grassland" => UseType.Grassland,
                _ => throw new InvalidDataException($"{where}: unknown use type '{u}' (expected land, mineral, forest or grassland)."),
            }).ToList();
            var hits = (entry.Hits ?? []).Select(h => catalogue.TryGet(h ?? "", out var c) ? c.Code
                : throw new InvalidDataException($"{where}: unknown base-map category '{h}'.")).ToList();
            requirements.Add(new DocumentRequirement(accepted, uses, hits));
        }
        return new RequiredDocuments(types, requirements);
    }

    private sealed class DocumentsFile
    {
        public string? Source { get; set; }
        public List<TypeEntry>? DocumentTypes { get; set; }
        public List<RequirementEntry>? Requirements { get; set; }
    }

    private sealed class TypeEntry
    {
        public string? Code { get; set; }
        public string? Zh { get; set; }
        public string? En { get; set; }
    }

    private sealed class RequirementEntry
    {
        public List<string>? AnyOf { get; set; }
        public List<string?>? UseTypes { get; set; }
        public List<string?>? Hits { get; set; }
    }
}
