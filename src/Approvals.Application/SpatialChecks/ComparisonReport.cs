using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Approvals.Application.SpatialChecks;

/// <summary>
/// The comparison report (比对结果) of one spatial check; its JSON names are part of the API
/// (issue 3) and must not change. Chinese texts are what documents show; *En fields carry English.
/// </summary>
public sealed record ComparisonReport
{
    public Guid? Id { get; init; }
    public DateTimeOffset CheckedAt { get; init; }
    public string? SourceFileName { get; init; }
    public required ReportBoundary Boundary { get; init; }
    /// <summary>All catalogue categories, in catalogue order.</summary>
    public required IReadOnlyList<CategoryResult> Categories { get; init; }
    public required IReadOnlyList<string> RequiredDepartments { get; init; }
    /// <summary>The highest level the hits imply (may be national).</summary>
    public required string RequiredLevel { get; init; }
    /// <summary>Where the system decides: the required level capped at the province.</summary>
    public required string DecidingLevel { get; init; }
    public bool ForwardToNational { get; init; }
    /// <summary>True when a finding prohibits the project.</summary>
    public bool Prohibited { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }
    public required IReadOnlyList<string> FindingsEn { get; init; }
    public double ElapsedMs { get; init; }
    /// <summary>Why the case is decided at <see cref="DecidingLevel"/>: the routing's reasons at that level (a hit, the declared project level, a threshold).</summary>
    public IReadOnlyList<string> LevelReasons { get; init; } = [];
    public IReadOnlyList<string> LevelReasonsEn { get; init; } = [];
    /// <summary>What the applicant should check before submitting: the boundary outside the chosen county, declared uses the boundary cannot hold.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<string> WarningsEn { get; init; } = [];
    /// <summary>How the boundary fits the county the application names; null when no county was given or it has no extent recorded.</summary>
    public ReportCounty? County { get; init; }
    /// <summary>
    /// The base-map layer versions the report was computed on (every current version of each category that has data),
    /// in catalogue order: which data a finding rests on. Reports from before this was recorded have none.
    /// </summary>
    public IReadOnlyList<ReportLayer> Layers { get; init; } = [];

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Chinese stays readable in the stored jsonb and on standard output.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? new JsonSerializerOptions(JsonOptions) { WriteIndented = true } : JsonOptions);

    public static ComparisonReport FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonReport>(json, JsonOptions) ?? throw new InvalidDataException("Empty report.");
}

public sealed record ReportBoundary
{
    public int Srid { get; init; }
    /// <summary>Area of the union of the parcels (overlapping parcels count once).</summary>
    public decimal AreaM2 { get; init; }
    public decimal AreaHa { get; init; }
    public decimal AreaMu { get; init; }
    public string? Format { get; init; }
    public int SourceSrid { get; init; }
    public bool AreaMismatch { get; init; }
    public required IReadOnlyList<ReportParcel> Parcels { get; init; }
}

/// <summary>One base-map layer version a report was computed on.</summary>
public sealed record ReportLayer
{
    public string Code { get; init; } = "";
    public Guid LayerId { get; init; }
    public int Version { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
    public string SourceFile { get; init; } = "";
}

public sealed record ReportCounty
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameEn { get; init; } = "";
    /// <summary>Area of the boundary outside the county's extent (0 when it lies within).</summary>
    public decimal OutsideM2 { get; init; }
    public decimal OutsideHa { get; init; }
    /// <summary>The county whose extent holds most of the boundary, when some of it lies outside the named one.</summary>
    public string? AppearsInCode { get; init; }
    public string? AppearsInName { get; init; }
    public string? AppearsInNameEn { get; init; }
}

public sealed record ReportParcel
{
    public string? Name { get; init; }
    public string Number { get; init; } = "";
    public decimal AreaM2 { get; init; }
    public decimal AreaHa { get; init; }
    public decimal? DeclaredAreaHa { get; init; }
    public bool AreaMismatch { get; init; }
    public string? DeclaredUse { get; init; }
}

public sealed record CategoryResult
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameEn { get; init; } = "";
    /// <summary>intersects, clear, no-coverage or failed (see <see cref="CategoryStatus"/>).</summary>
    public string Status { get; init; } = "";
    public decimal OverlapM2 { get; init; }
    public decimal OverlapHa { get; init; }
    public decimal OverlapMu { get; init; }
    public decimal PercentOfProject { get; init; }
    /// <summary>Share of the boundary inside the loaded data's coverage, in percent.</summary>
    public decimal CoveredPercent { get; init; }
    public string Effect { get; init; } = "";
    public string EffectEn { get; init; } = "";
    public string Department { get; init; } = "";
    /// <summary>The level a hit implies (for clear categories: the level a hit would imply at least).</summary>
    public string RequiredLevel { get; init; } = "";
    public IReadOnlyList<FeatureHit> Features { get; init; } = [];
}

public sealed record FeatureHit
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public decimal OverlapM2 { get; init; }
    public JsonObject Attributes { get; init; } = [];
}

public static class CategoryStatus
{
    public const string Intersects = "intersects";
    public const string Clear = "clear";
    /// <summary>The category has no data loaded for (all of) the boundary's area.</summary>
    public const string NoCoverage = "no-coverage";
    public const string Failed = "failed";
}
