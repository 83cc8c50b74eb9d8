using System.Text.Json;
using System.Text.Json.Nodes;

namespace Approvals.Application.SpatialChecks.Avoidance;

/// <summary>
/// The report's <c>avoidance</c> section (选址避让, issue 16): what the project may not touch, the boundary without it,
/// and up to three nearby sites clear of it. Names of <c>avoided</c>, <c>clearPart</c> (<c>areaM2</c>,
/// <c>percentRetained</c>, <c>geometry</c>) and <c>sites</c> (<c>geometry</c>, <c>shiftM</c>, <c>rotationDeg</c>,
/// <c>restrictedM2</c>) are part of the API. Geometries are GeoJSON in EPSG:4490 (longitude, latitude).
/// </summary>
public sealed record AvoidanceSuggestions
{
    /// <summary>The categories whose hits prohibit the project, in catalogue order (e.g. PBF).</summary>
    public required IReadOnlyList<string> Avoided { get; init; }
    public required IReadOnlyList<AvoidedCategory> AvoidedCategories { get; init; }
    /// <summary>The boundary without the prohibited features; null when nothing of it is left.</summary>
    public ClearPart? ClearPart { get; init; }
    /// <summary>Nearby sites, best first (least restricted area still hit, then the shortest move); empty when none was found.</summary>
    public required IReadOnlyList<SuggestedSite> Sites { get; init; }
    /// <summary>Why there are no sites (or what limited the search), for people; null when sites were found.</summary>
    public string? Message { get; init; }
    public string? MessageEn { get; init; }
    public double SearchedRadiusM { get; init; }
    public double ShiftStepM { get; init; }
    public double RotationStepDeg { get; init; }
    public double SliverM2 { get; init; }
    /// <summary>The county the sites stay in; null when the boundary names none with a known extent (then the search is not bounded by a county).</summary>
    public string? County { get; init; }
    /// <summary>Placements (moves × turns) the search had within the radius.</summary>
    public int CandidatesTotal { get; init; }
    /// <summary>Placements tested against the prohibited features (nearest first, until enough clear ones were found).</summary>
    public int CandidatesTried { get; init; }
    /// <summary>Clear placements the normal checker checked again (and ranked).</summary>
    public int CandidatesConfirmed { get; init; }
    public double ElapsedMs { get; init; }

    /// <summary>The report JSON with this section added as <c>avoidance</c> (or without one, when <paramref name="avoidance"/> is null).</summary>
    public static string AddTo(string reportJson, AvoidanceSuggestions? avoidance, bool indented = false)
    {
        var report = JsonNode.Parse(reportJson)!.AsObject();
        report.Remove("avoidance");
        if (avoidance is not null) report["avoidance"] = JsonSerializer.SerializeToNode(avoidance, ComparisonReport.JsonOptions);
        return report.ToJsonString(indented ? new JsonSerializerOptions(ComparisonReport.JsonOptions) { WriteIndented = true } : ComparisonReport.JsonOptions);
    }
}

public sealed record AvoidedCategory(string Code, string Name, string NameEn, decimal OverlapM2, string Finding, string FindingEn);

public sealed record ClearPart
{
    public decimal AreaM2 { get; init; }
    public decimal AreaHa { get; init; }
    /// <summary>Share of the boundary's area kept, in percent.</summary>
    public decimal PercentRetained { get; init; }
    public required JsonNode Geometry { get; init; }
    public required IReadOnlyList<ClearParcel> Parcels { get; init; }
    /// <summary>Pieces smaller than the sliver size that were dropped.</summary>
    public int SliversDropped { get; init; }
}

/// <param name="AreaM2">The parcel's own area.</param>
/// <param name="ClearM2">What is left of it.</param>
public sealed record ClearParcel(string Number, string? Name, decimal AreaM2, decimal ClearM2, decimal PercentRetained);

public sealed record SuggestedSite
{
    public required JsonNode Geometry { get; init; }
    /// <summary>How far the shape was moved (its centroid), in metres.</summary>
    public double ShiftM { get; init; }
    public double ShiftEastM { get; init; }
    public double ShiftNorthM { get; init; }
    /// <summary>How far it was turned about its centroid, counter-clockwise, in degrees.</summary>
    public double RotationDeg { get; init; }
    /// <summary>
    /// Area of the site still on land the rules send to a higher level or to another department: the site ∩ the union of
    /// those hits, so land two such categories share counts once.
    /// </summary>
    public decimal RestrictedM2 { get; init; }
    public required SiteReport Report { get; init; }
}

/// <summary>The short report of a site, by the normal checker: what it hits, who reviews it, where it is decided.</summary>
public sealed record SiteReport
{
    public required IReadOnlyList<SiteCategory> Categories { get; init; }
    public required IReadOnlyList<string> RequiredDepartments { get; init; }
    public required string DecidingLevel { get; init; }
    public required string RequiredLevel { get; init; }
    public bool ForwardToNational { get; init; }
    public bool Prohibited { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }
    public required IReadOnlyList<string> FindingsEn { get; init; }
}

/// <param name="Restricted">True when the rules send this hit to a higher level or to a department not asked for.</param>
public sealed record SiteCategory(string Code, string Name, string NameEn, decimal OverlapM2, string Department, string RequiredLevel, bool Restricted);

/// <summary>A stored report with its avoidance section added (<see cref="AvoidanceSuggestions.AddTo"/>), as the routes serve it.</summary>
/// <param name="Avoidance">Null when nothing the boundary hits prohibits the project.</param>
public sealed record AvoidanceReport(string Json, AvoidanceSuggestions? Avoidance);
