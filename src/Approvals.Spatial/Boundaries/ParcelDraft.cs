using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Boundaries;

/// <summary>A ring as read from a file, in the source CRS, before any validation.</summary>
/// <param name="Number">Ring number used in messages (TXT ring number, else 1-based position).</param>
/// <param name="Coordinates">Points in file order (X easting/longitude, Y northing/latitude); never closed implicitly.</param>
/// <param name="PointNames">TXT point names parallel to <paramref name="Coordinates"/>, or null.</param>
/// <param name="Lines">TXT line numbers parallel to <paramref name="Coordinates"/>, or null.</param>
internal sealed record RingDraft(int Number, Coordinate[] Coordinates, string[]? PointNames = null, int[]? Lines = null)
{
    public string? NameAt(int index) => PointNames?[index];

    public int? LineAt(int index) => Lines?[index];
}

/// <summary>A parcel as read from a file, before transformation and validation.</summary>
internal sealed class ParcelDraft
{
    public required string Number { get; init; }
    public string? Name { get; init; }
    public double? DeclaredAreaHa { get; init; }
    public string? DeclaredUse { get; init; }
    public string? LandClassCode { get; init; }

    /// <summary>All rings, in file order.</summary>
    public List<RingDraft> Rings { get; } = [];

    /// <summary>
    /// Indexes into <see cref="Rings"/> per polygon, shell first, when the format states the structure
    /// (GeoJSON, shapefile); null to decide shells and holes by containment (TXT).
    /// </summary>
    public List<int[]>? Polygons { get; set; }
}
