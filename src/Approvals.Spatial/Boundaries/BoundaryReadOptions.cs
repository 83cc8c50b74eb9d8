namespace Approvals.Spatial.Boundaries;

/// <summary>A longitude/latitude box in degrees (CGCS2000).</summary>
/// <param name="MinLongitude">West edge.</param>
/// <param name="MinLatitude">South edge.</param>
/// <param name="MaxLongitude">East edge.</param>
/// <param name="MaxLatitude">North edge.</param>
public sealed record GeographicExtent(double MinLongitude, double MinLatitude, double MaxLongitude, double MaxLatitude)
{
    /// <summary>Shanxi (山西省): 110.2°E–114.6°E, 34.5°N–40.8°N.</summary>
    public static GeographicExtent Shanxi { get; } = new(110.2, 34.5, 114.6, 40.8);

    /// <summary>True when the point lies inside or on the edge of the box.</summary>
    public bool Contains(double longitude, double latitude) =>
        longitude >= MinLongitude && longitude <= MaxLongitude && latitude >= MinLatitude && latitude <= MaxLatitude;
}

/// <summary>Configuration of the boundary readers and their validation.</summary>
public sealed record BoundaryReadOptions
{
    /// <summary>EPSG code geometries are returned in; a projected CGCS2000 zone (demo: 4526).</summary>
    public int StorageSrid { get; init; } = 4526;

    /// <summary>Every vertex must lie inside this box (default: Shanxi).</summary>
    public GeographicExtent ProvinceExtent { get; init; } = GeographicExtent.Shanxi;

    /// <summary>A boundary whose total area exceeds this (m²) is refused as implausible (default 100 km²).</summary>
    public double MaxTotalAreaM2 { get; init; } = 100_000_000.0;

    /// <summary>Relative difference between declared and computed area that raises the mismatch flag (default 1 %).</summary>
    public double AreaMismatchTolerance { get; init; } = 0.01;

    /// <summary>Largest accepted input file in bytes (default 50 MB).</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest total of uncompressed bytes read out of a zip archive (default 200 MB).</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>The defaults above.</summary>
    public static BoundaryReadOptions Default { get; } = new();
}
