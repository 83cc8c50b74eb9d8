using Approvals.Domain.Jurisdictions;

namespace Approvals.Domain.BaseMaps;

/// <summary>
/// The base-map categories in catalogue order, loaded from <c>workflows/basemap-categories.json</c>.
/// Loading validates the file so that a bad rules file fails at start-up, not in the middle of a case.
/// </summary>
public sealed class BaseMapCatalogue
{
    /// <summary>The file name under <c>workflows/</c>.</summary>
    public const string FileName = "basemap-categories.json";

    private readonly Dictionary<string, BaseMapCategory> byCode;

    private BaseMapCatalogue(IReadOnlyList<BaseMapCategory> categories, string? source)
    {
        Categories = categories;
        Source = source;
        byCode = categories.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>All categories, ordered by <see cref="BaseMapCategory.Order"/>.</summary>
    public IReadOnlyList<BaseMapCategory> Categories { get; }

    /// <summary>Where the file's content comes from, as the file states it.</summary>
    public string? Source { get; }

    /// <summary>The category with <paramref name="code"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such category.</exception>
    public BaseMapCategory this[string code] =>
        TryGet(code, out var category) ? category : throw new KeyNotFoundException($"Unknown base-map category '{code}'.");

    public bool TryGet(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BaseMapCategory? category) =>
        byCode.TryGetValue(code, out category);

    /// <summary>Loads and validates a catalogue file.</summary>
    /// <exception cref="InvalidDataException">The file is malformed or incomplete; the message says where.</exception>
    public static BaseMapCatalogue Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses and validates catalogue JSON.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or incomplete; the message says where.</exception>
    public static BaseMapCatalogue Parse(string json, string fileName = FileName)
    {
        var file = RuleValues.Deserialize<CatalogueFile>(json, fileName);
        var entries = file.Categories ?? throw new InvalidDataException($"{fileName}: 'categories' is required.");
        var categories = new List<BaseMapCategory>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var where = $"{fileName}: category #{i + 1}" + (e.Code is null ? "" : $" ({e.Code})");
            var code = RuleValues.Required(e.Code, "code", where);
            if (categories.Any(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidDataException($"{fileName}: duplicate category code '{code}'.");

            var levelText = RuleValues.Required(e.Level, "level", where);
            var byForestArea = string.Equals(levelText, "byForestArea", StringComparison.OrdinalIgnoreCase);
            var forwards = e.ForwardsToNational ?? false;
            if (forwards && (string.IsNullOrWhiteSpace(e.NationalAuthority) || string.IsNullOrWhiteSpace(e.NationalAuthorityEn)))
                throw new InvalidDataException($"{where}: a category that forwards to national needs 'nationalAuthority' and 'nationalAuthorityEn'.");

            categories.Add(new BaseMapCategory(
                code,
                RuleValues.Required(e.Name, "name", where),
                RuleValues.Required(e.NameEn, "nameEn", where),
                RuleValues.Required(e.Effect, "effect", where),
                RuleValues.Required(e.EffectEn, "effectEn", where),
                RuleValues.ParseDepartment(e.Department, where),
                // The floor of an area-driven level is the lowest level: small forest uses are delegated to the county.
                byForestArea ? JurisdictionLevel.County : RuleValues.ParseLevel(levelText, where),
                byForestArea ? BaseMapLevelBasis.ForestArea : BaseMapLevelBasis.Fixed,
                forwards,
                forwards ? e.NationalAuthority!.Trim() : null,
                forwards ? e.NationalAuthorityEn!.Trim() : null,
                RuleValues.Required(e.Order, "order", where))
            {
                KeyAttributes = KeyAttributes(e.KeyAttributes, where),
            });
        }

        var orders = categories.Select(c => c.Order).Order().ToList();
        if (!orders.SequenceEqual(Enumerable.Range(1, categories.Count)))
            throw new InvalidDataException($"{fileName}: 'order' must number the categories 1..{categories.Count} without gaps or repeats.");

        foreach (var required in BaseMapCodes.All)
        {
            if (!categories.Any(c => string.Equals(c.Code, required, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidDataException($"{fileName}: missing category '{required}'; the catalogue must define all of {string.Join(", ", BaseMapCodes.All)}.");
        }

        if (categories.Count(c => c.LevelBasis == BaseMapLevelBasis.ForestArea) > 1)
            throw new InvalidDataException($"{fileName}: only one category may take its level from the forest area.");

        return new BaseMapCatalogue(categories.OrderBy(c => c.Order).ToList(), file.Source);
    }

    /// <summary>At most 12 distinct, non-empty names: they travel in every map tile.</summary>
    private static IReadOnlyList<string> KeyAttributes(List<string?>? names, string where)
    {
        if (names is null) return [];
        var result = new List<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new InvalidDataException($"{where}: 'keyAttributes' holds an empty name.");
            if (result.Contains(name.Trim(), StringComparer.Ordinal)) throw new InvalidDataException($"{where}: 'keyAttributes' names '{name.Trim()}' twice.");
            result.Add(name.Trim());
        }
        if (result.Count > 12) throw new InvalidDataException($"{where}: 'keyAttributes' names {result.Count} attributes; at most 12.");
        return result;
    }

    private sealed class CatalogueFile
    {
        public string? Source { get; set; }
        public List<CategoryEntry>? Categories { get; set; }
    }

    private sealed class CategoryEntry
    {
        public int? Order { get; set; }
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public string? Effect { get; set; }
        public string? EffectEn { get; set; }
        public string? Department { get; set; }
        public string? Level { get; set; }
        public bool? ForwardsToNational { get; set; }
        public string? NationalAuthority { get; set; }
        public string? NationalAuthorityEn { get; set; }
        public List<string?>? KeyAttributes { get; set; }
    }
}
