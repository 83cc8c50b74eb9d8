using Approvals.Application.Configuration;
using Approvals.Spatial.Boundaries;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.SpatialChecks;

/// <summary>
/// What a boundary upload and a stored check may cost, from the configuration section
/// <c>Approvals:Limits</c>; unset keys keep the readers' defaults (<see cref="BoundaryReadOptions"/> says why
/// they are what they are). Every upload (API, pages, drafts, corrections, the command line) reads through
/// the one <see cref="BoundaryReader"/> built from these.
/// </summary>
public static class SpatialCheckLimits
{
    public const string Section = "Approvals:Limits";

    public static BoundaryReadOptions ReadOptions(IConfiguration configuration) => ApprovalsOptions.ReadBoundaryLimits(configuration);

    /// <summary>
    /// How long a check attached to neither a draft nor a case (one run on the spatial-check page, the API or
    /// the command line) is kept before the hourly purge deletes it: default 7 days, enough to come back to a
    /// result, and such checks otherwise pile up with a boundary and a report each.
    /// </summary>
    public static TimeSpan AdHocCheckRetention(IConfiguration configuration) => ApprovalsOptions.ReadAdHocCheckRetention(configuration);
}
