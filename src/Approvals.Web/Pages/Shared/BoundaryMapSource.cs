namespace Approvals.Web.Pages.Shared;

/// <summary>What <c>_BoundaryMap</c> draws: a stored spatial check, or a case (its boundary and its last check's hits).</summary>
public sealed record BoundaryMapSource(Guid? SpatialCheckId, Guid? CaseId, string? Caption = null)
{
    public string DataUrl => CaseId is { } c ? $"/api/boundary-maps/cases/{c}" : $"/api/boundary-maps/checks/{SpatialCheckId}";
}
