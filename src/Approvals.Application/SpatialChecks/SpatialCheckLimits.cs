using System.Globalization;
using Approvals.Application.BaseMaps;
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

    public static BoundaryReadOptions ReadOptions(IConfiguration configuration)
    {
        var defaults = BoundaryReadOptions.Default;
        return defaults with
        {
            StorageSrid = BaseMapStorage.StorageSrid(configuration),
            MaxFileBytes = Number(configuration, "BoundaryFileBytes", defaults.MaxFileBytes, 1),
            MaxUncompressedBytes = Number(configuration, "ShapefileUnpackedBytes", defaults.MaxUncompressedBytes, 1),
            // A parcel needs 4 points (the closing one included).
            MaxVertices = (int)Number(configuration, "BoundaryPoints", defaults.MaxVertices, 4),
            MaxParcels = (int)Number(configuration, "BoundaryParcels", defaults.MaxParcels, 1),
        };
    }

    /// <summary>
    /// How long a check attached to neither a draft nor a case (one run on the spatial-check page, the API or
    /// the command line) is kept before the hourly purge deletes it: default 7 days, enough to come back to a
    /// result, and such checks otherwise pile up with a boundary and a report each.
    /// </summary>
    public static TimeSpan AdHocCheckRetention(IConfiguration configuration)
    {
        var key = $"{Section}:AdHocCheckRetention";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromDays(7);
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var retention) && retention > TimeSpan.Zero
            ? retention
            : throw new InvalidOperationException($"{key} must be a positive time span such as 7.00:00:00 (7 days); it is \"{text}\".");
    }

    private static long Number(IConfiguration configuration, string name, long fallback, long min)
    {
        const long max = int.MaxValue;
        var key = $"{Section}:{name}";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{key} must be a whole number between {min} and {max}; it is \"{text}\".");
    }
}
