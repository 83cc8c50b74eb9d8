using System.Text.Json;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Routing;

/// <summary>A national authority that approves what the province forwards, e.g. 国务院.</summary>
public sealed record NationalAuthority(string Name, string NameEn);

/// <summary>One delegation tier: areas below <see cref="BelowHectares"/> (exclusive; null = no upper bound) are decided at <see cref="Level"/>.</summary>
public sealed record DelegationTier(decimal? BelowHectares, JurisdictionLevel Level);

/// <summary>The forest thresholds for one term (permanent or temporary).</summary>
/// <param name="NationalAtLeastHectares">Per forest kind, the area (inclusive) from which the national administration decides.</param>
/// <param name="Delegation">Tiers below the national thresholds, ascending, the last without upper bound.</param>
public sealed record ForestTermRules(IReadOnlyDictionary<ForestKind, decimal> NationalAtLeastHectares, IReadOnlyList<DelegationTier> Delegation)
{
    /// <summary>The level that decides a use of <paramref name="area"/> of <paramref name="kind"/>; National when a national threshold is reached.</summary>
    public JurisdictionLevel LevelFor(ForestKind kind, Area area) => LevelFor(new Dictionary<ForestKind, Area> { [kind] = area });

    /// <summary>
    /// The level for forest land of several kinds: national thresholds apply to each kind's own area,
    /// the delegation tiers to the total.
    /// </summary>
    public JurisdictionLevel LevelFor(IReadOnlyDictionary<ForestKind, Area> areaByKind)
    {
        if (areaByKind.Any(p => p.Value.Hectares >= NationalAtLeastHectares[p.Key])) return JurisdictionLevel.National;
        var total = areaByKind.Values.Aggregate(Area.Zero, (sum, a) => sum + a);
        return Delegation.First(t => t.BelowHectares is not { } below || total.Hectares < below).Level;
    }
}

/// <summary>Forest-land use thresholds (森林法实施条例 defaults).</summary>
/// <param name="ImpliedKind">The kind assumed for forest land covered by a case that did not request forest use and whose hit does not say.</param>
public sealed record ForestRules(NationalAuthority NationalAuthority, ForestKind ImpliedKind, ForestTermRules Permanent, ForestTermRules Temporary)
{
    /// <summary>The level that decides a forest use; National means the province reviews and forwards.</summary>
    public JurisdictionLevel LevelFor(ForestKind kind, ForestUseTerm term, Area area) =>
        (term == ForestUseTerm.Temporary ? Temporary : Permanent).LevelFor(kind, area);
}

/// <summary>Grassland thresholds: strictly above <see cref="NationalAboveHectares"/> national, otherwise <see cref="OtherwiseLevel"/>.</summary>
public sealed record GrasslandRules(NationalAuthority NationalAuthority, decimal NationalAboveHectares, JurisdictionLevel OtherwiseLevel)
{
    public JurisdictionLevel LevelFor(Area area) => area.Hectares > NationalAboveHectares ? JurisdictionLevel.National : OtherwiseLevel;
}

/// <summary>A mineral named in one of the delegation lists; matched by code, name, English name or alias.</summary>
public sealed record MineralListing(string Code, string Name, string NameEn, IReadOnlyList<string> Aliases, JurisdictionLevel Level)
{
    internal IEnumerable<string> Keys => new[] { Code, Name, NameEn }.Concat(Aliases);
}

/// <summary>Which level decides which mineral; minerals on no list go to <see cref="DefaultLevel"/>.</summary>
public sealed class MineralRules
{
    private readonly Dictionary<string, MineralListing> byKey;

    internal MineralRules(NationalAuthority nationalAuthority, JurisdictionLevel defaultLevel, IReadOnlyList<MineralListing> listings, string where)
    {
        NationalAuthority = nationalAuthority;
        DefaultLevel = defaultLevel;
        Listings = listings;
        byKey = new Dictionary<string, MineralListing>(StringComparer.OrdinalIgnoreCase);
        foreach (var listing in listings)
        {
            foreach (var key in listing.Keys.Select(Normalise).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!byKey.TryAdd(key, listing))
                    throw new InvalidDataException($"{where}: mineral '{key}' is listed twice ({byKey[key].Code} and {listing.Code}).");
            }
        }
    }

    public NationalAuthority NationalAuthority { get; }

    public JurisdictionLevel DefaultLevel { get; }

    public IReadOnlyList<MineralListing> Listings { get; }

    /// <summary>The listing that names <paramref name="mineral"/>, or null when it is on no list.</summary>
    public MineralListing? Find(string mineral) => byKey.GetValueOrDefault(Normalise(mineral));

    /// <summary>The level that decides <paramref name="mineral"/>.</summary>
    public JurisdictionLevel LevelFor(string mineral) => Find(mineral)?.Level ?? DefaultLevel;

    private static string Normalise(string text) => text.Trim();
}

/// <summary>When a nature-reserve style hit is in a core zone: one of <see cref="Attributes"/> on the hit has one of <see cref="CoreValues"/>.</summary>
public sealed record CoreZoneRule(string CategoryCode, IReadOnlyList<string> Attributes, IReadOnlyList<string> CoreValues);

/// <summary>The hits that forbid a project outright, or allow it only for some projects.</summary>
/// <param name="NationalKeyProjectOnly">Categories open only to national key projects (PBF, BGR).</param>
/// <param name="ProhibitedForestGrades">Forest protection grades that may not be used at all (Ⅰ).</param>
/// <param name="InfrastructurePublicOrDefenceOnlyForestGrades">Grades open only to infrastructure, public-service or defence projects (Ⅱ).</param>
/// <param name="CoreZones">Core-zone rules (NRS).</param>
public sealed record ProhibitionRules(
    IReadOnlySet<string> NationalKeyProjectOnly,
    IReadOnlySet<ForestProtectionGrade> ProhibitedForestGrades,
    IReadOnlySet<ForestProtectionGrade> InfrastructurePublicOrDefenceOnlyForestGrades,
    IReadOnlyList<CoreZoneRule> CoreZones);

/// <summary>
/// The "who decides" thresholds of <c>workflows/routing-rules.json</c>, typed and validated at load.
/// The calculation that applies them is <see cref="CaseRouting"/>.
/// </summary>
public sealed class RoutingRules
{
    /// <summary>The file name under <c>workflows/</c>.</summary>
    public const string FileName = "routing-rules.json";

    private RoutingRules(
        JurisdictionLevel entryLevel, JurisdictionLevel systemTopLevel, NationalAuthority landNationalAuthority,
        ForestRules forest, GrasslandRules grassland, MineralRules minerals, ProhibitionRules prohibitions)
    {
        EntryLevel = entryLevel;
        SystemTopLevel = systemTopLevel;
        LandNationalAuthority = landNationalAuthority;
        Forest = forest;
        Grassland = grassland;
        Minerals = minerals;
        Prohibitions = prohibitions;
    }

    /// <summary>Where every case starts (the county window).</summary>
    public JurisdictionLevel EntryLevel { get; }

    /// <summary>The highest level the system administers; anything above is reviewed here and forwarded.</summary>
    public JurisdictionLevel SystemTopLevel { get; }

    /// <summary>Who pre-approves land for nationally approved projects.</summary>
    public NationalAuthority LandNationalAuthority { get; }

    public ForestRules Forest { get; }

    public GrasslandRules Grassland { get; }

    public MineralRules Minerals { get; }

    public ProhibitionRules Prohibitions { get; }

    /// <summary>Loads and validates a routing-rules file.</summary>
    /// <exception cref="InvalidDataException">The file is malformed or incomplete; the message says where.</exception>
    public static RoutingRules Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses and validates routing-rules JSON.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or incomplete; the message says where.</exception>
    public static RoutingRules Parse(string json, string fileName = FileName)
    {
        var f = RuleValues.Deserialize<RulesFile>(json, fileName);
        var entry = RuleValues.ParseLevel(f.EntryLevel, $"{fileName}: entryLevel");
        var top = RuleValues.ParseLevel(f.SystemTopLevel, $"{fileName}: systemTopLevel");
        if (top < entry) throw new InvalidDataException($"{fileName}: systemTopLevel must not be below entryLevel.");

        var land = RuleValues.Required(f.Land, "land", fileName);
        var forest = RuleValues.Required(f.Forest, "forest", fileName);
        var grass = RuleValues.Required(f.Grassland, "grassland", fileName);
        var minerals = RuleValues.Required(f.Minerals, "minerals", fileName);
        var prohibitions = RuleValues.Required(f.Prohibitions, "prohibitions", fileName);

        return new RoutingRules(
            entry,
            top,
            Authority(land.NationalAuthority, land.NationalAuthorityEn, $"{fileName}: land"),
            new ForestRules(
                Authority(forest.NationalAuthority, forest.NationalAuthorityEn, $"{fileName}: forest"),
                ParseForestKind(forest.ImpliedKind, $"{fileName}: forest.impliedKind"),
                ParseTerm(RuleValues.Required(forest.Permanent, "permanent", $"{fileName}: forest"), $"{fileName}: forest.permanent"),
                ParseTerm(RuleValues.Required(forest.Temporary, "temporary", $"{fileName}: forest"), $"{fileName}: forest.temporary")),
            new GrasslandRules(
                Authority(grass.NationalAuthority, grass.NationalAuthorityEn, $"{fileName}: grassland"),
                Positive(grass.NationalAboveHa, "nationalAboveHa", $"{fileName}: grassland"),
                RuleValues.ParseLevel(grass.OtherwiseLevel, $"{fileName}: grassland.otherwiseLevel")),
            ParseMinerals(minerals, $"{fileName}: minerals"),
            ParseProhibitions(prohibitions, $"{fileName}: prohibitions"));
    }

    private static NationalAuthority Authority(string? name, string? nameEn, string where) =>
        new(RuleValues.Required(name, "nationalAuthority", where), RuleValues.Required(nameEn, "nationalAuthorityEn", where));

    private static decimal Positive(decimal? value, string field, string where) =>
        RuleValues.Required(value, field, where) is var v && v > 0 ? v : throw new InvalidDataException($"{where}: '{field}' must be a positive number of hectares.");

    private static ForestKind ParseForestKind(string? text, string where) => text?.Trim().ToLowerInvariant() switch
    {
        "protectionorspecialuse" => ForestKind.ProtectionOrSpecialUse,
        "timbereconomicorfuel" => ForestKind.TimberEconomicOrFuel,
        "other" => ForestKind.Other,
        _ => throw new InvalidDataException($"{where}: unknown forest kind '{text}' (expected protectionOrSpecialUse, timberEconomicOrFuel or other)."),
    };

    private static ForestTermRules ParseTerm(TermEntry term, string where)
    {
        var national = new Dictionary<ForestKind, decimal>();
        foreach (var t in RuleValues.Required(term.National, "national", where))
        {
            var kind = ParseForestKind(t.Kind, $"{where}.national");
            if (!national.TryAdd(kind, Positive(t.AtLeastHa, "atLeastHa", $"{where}.national[{t.Kind}]")))
                throw new InvalidDataException($"{where}.national: forest kind '{t.Kind}' appears twice.");
        }

        foreach (var kind in Enum.GetValues<ForestKind>())
        {
            if (!national.ContainsKey(kind)) throw new InvalidDataException($"{where}.national: no threshold for forest kind '{kind}'.");
        }

        var tiers = RuleValues.Required(term.Delegation, "delegation", where)
            .Select((t, i) => new DelegationTier(t.BelowHa, RuleValues.ParseLevel(t.Level, $"{where}.delegation[{i}]")))
            .ToList();
        if (tiers.Count == 0 || tiers[^1].BelowHectares is not null)
            throw new InvalidDataException($"{where}.delegation: the last tier must have no 'belowHa' so that every area has a level.");
        for (var i = 0; i < tiers.Count - 1; i++)
        {
            if (tiers[i].BelowHectares is not { } below || below <= 0 || (i > 0 && below <= tiers[i - 1].BelowHectares))
                throw new InvalidDataException($"{where}.delegation: 'belowHa' must be positive and ascending, and only the last tier may omit it.");
            if (tiers[i + 1].Level < tiers[i].Level)
                throw new InvalidDataException($"{where}.delegation: a larger area may not be decided at a lower level.");
        }

        return new ForestTermRules(national, tiers);
    }

    private static MineralRules ParseMinerals(MineralsEntry m, string where)
    {
        var listings = new List<MineralListing>();
        foreach (var list in RuleValues.Required(m.Lists, "lists", where))
        {
            var level = RuleValues.ParseLevel(list.Level, $"{where}.lists");
            foreach (var e in RuleValues.Required(list.Minerals, "minerals", $"{where}.lists[{list.Level}]"))
            {
                var w = $"{where}.lists[{list.Level}]";
                listings.Add(new MineralListing(
                    RuleValues.Required(e.Code, "code", w),
                    RuleValues.Required(e.Name, "name", w),
                    RuleValues.Required(e.NameEn, "nameEn", w),
                    (e.Aliases ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).ToList(),
                    level));
            }
        }

        return new MineralRules(
            Authority(m.NationalAuthority, m.NationalAuthorityEn, where),
            RuleValues.ParseLevel(m.DefaultLevel, $"{where}.defaultLevel"),
            listings,
            where);
    }

    private static ProhibitionRules ParseProhibitions(ProhibitionsEntry p, string where) => new(
        (p.NationalKeyProjectOnly ?? []).Select(c => c.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase),
        (p.ProhibitedForestGrades ?? []).Select(g => ParseGrade(g, where)).ToHashSet(),
        (p.InfrastructurePublicOrDefenceOnlyForestGrades ?? []).Select(g => ParseGrade(g, where)).ToHashSet(),
        (p.CoreZones ?? []).Select(z => new CoreZoneRule(
            RuleValues.Required(z.Category, "category", $"{where}.coreZones"),
            RuleValues.Required(z.Attributes, "attributes", $"{where}.coreZones[{z.Category}]"),
            RuleValues.Required(z.CoreValues, "coreValues", $"{where}.coreZones[{z.Category}]"))).ToList());

    private static ForestProtectionGrade ParseGrade(string text, string where) =>
        Enum.TryParse<ForestProtectionGrade>(text.Trim(), ignoreCase: true, out var g) && Enum.IsDefined(g) && !int.TryParse(text, out _)
            ? g
            : throw new InvalidDataException($"{where}: unknown forest protection grade '{text}' (expected I, II, III or IV).");

    private sealed class RulesFile
    {
        public string? Source { get; set; }
        public string? EntryLevel { get; set; }
        public string? SystemTopLevel { get; set; }
        public AuthorityEntry? Land { get; set; }
        public ForestEntry? Forest { get; set; }
        public GrasslandEntry? Grassland { get; set; }
        public MineralsEntry? Minerals { get; set; }
        public ProhibitionsEntry? Prohibitions { get; set; }
        /// <summary>Read by <see cref="Decisions.DocumentNumbering"/>; carried here so that the strict reader accepts it.</summary>
        public JsonElement? DocumentNumbers { get; set; }
    }

    private class AuthorityEntry
    {
        public string? NationalAuthority { get; set; }
        public string? NationalAuthorityEn { get; set; }
    }

    private sealed class ForestEntry : AuthorityEntry
    {
        public string? ImpliedKind { get; set; }
        public TermEntry? Permanent { get; set; }
        public TermEntry? Temporary { get; set; }
    }

    private sealed class TermEntry
    {
        public List<NationalThresholdEntry>? National { get; set; }
        public List<TierEntry>? Delegation { get; set; }
    }

    private sealed class NationalThresholdEntry
    {
        public string? Kind { get; set; }
        public decimal? AtLeastHa { get; set; }
    }

    private sealed class TierEntry
    {
        public decimal? BelowHa { get; set; }
        public string? Level { get; set; }
    }

    private sealed class GrasslandEntry : AuthorityEntry
    {
        public decimal? NationalAboveHa { get; set; }
        public string? OtherwiseLevel { get; set; }
    }

    private sealed class MineralsEntry : AuthorityEntry
    {
        public string? DefaultLevel { get; set; }
        public List<MineralListEntry>? Lists { get; set; }
    }

    private sealed class MineralListEntry
    {
        public string? Level { get; set; }
        public List<MineralEntry>? Minerals { get; set; }
    }

    private sealed class MineralEntry
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public List<string>? Aliases { get; set; }
    }

    private sealed class ProhibitionsEntry
    {
        public List<string>? NationalKeyProjectOnly { get; set; }
        public List<string>? ProhibitedForestGrades { get; set; }
        public List<string>? InfrastructurePublicOrDefenceOnlyForestGrades { get; set; }
        public List<CoreZoneEntry>? CoreZones { get; set; }
    }

    private sealed class CoreZoneEntry
    {
        public string? Category { get; set; }
        public List<string>? Attributes { get; set; }
        public List<string>? CoreValues { get; set; }
    }
}
