namespace Approvals.Application.SpatialChecks.Avoidance;

/// <summary>
/// <c>Approvals:Avoidance</c>: how avoidance suggestions (选址避让) are searched. Read and checked at start with the
/// other settings (<see cref="Configuration.ApprovalsOptions"/>).
/// </summary>
/// <param name="SliverM2">Pieces of the clear part smaller than this are dropped: nobody builds on a strip left between two patches.</param>
/// <param name="RotationStepDeg">Nearby sites are the same shape turned in steps of this many degrees.</param>
/// <param name="RadiusM">How far a site may be moved from the boundary's place.</param>
/// <param name="ShiftStepM">The grid of moves: every multiple of this in east and north within the radius.</param>
/// <param name="MaxSites">How many sites are suggested at most.</param>
/// <param name="ConfirmedCandidates">How many placements clear of prohibited features (nearest first) the normal checker confirms and ranks.</param>
public sealed record AvoidanceOptions(
    int SliverM2 = 100,
    int RotationStepDeg = 15,
    int RadiusM = 2000,
    int ShiftStepM = 100,
    int MaxSites = 3,
    int ConfirmedCandidates = 12)
{
    public static AvoidanceOptions Default { get; } = new();
}
