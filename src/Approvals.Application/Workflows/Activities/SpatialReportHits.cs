using System.Text.Json.Nodes;
using Approvals.Domain.Measures;
using Approvals.Domain.Routing;

namespace Approvals.Application.Workflows.Activities;

/// <summary>Reads the category hits of a stored comparison report for routing.</summary>
public static class SpatialReportHits
{
    public static IReadOnlyList<SpatialHit> From(string? reportJson)
    {
        if (reportJson is null || JsonNode.Parse(reportJson)?["categories"] is not JsonArray categories) return [];
        return categories
            .Where(c => c?["status"]?.GetValue<string>() == "intersects")
            .Select(c => new SpatialHit(c!["code"]!.GetValue<string>(), Area.FromSquareMetres(c["overlapM2"]!.GetValue<double>())))
            .ToList();
    }
}
