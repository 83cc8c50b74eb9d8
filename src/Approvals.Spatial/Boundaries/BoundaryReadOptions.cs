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

    /// <summary>
    /// Largest accepted input file in bytes (default 10 MB). A boundary at the vertex limit below takes about
    /// 2 MB as GeoJSON or 界址点 TXT (40 bytes a point), 5 MB pretty-printed; 10 MB leaves room for that
    /// and for a shapefile's attribute table.
    /// </summary>
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>
    /// Largest total of bytes a zipped shapefile may unpack to (default 20 MB), counted as they come out of
    /// the decompressor. 50,000 points take 0.8 MB of .shp; the rest is room for the .dbf.
    /// </summary>
    public long MaxUncompressedBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>
    /// Largest number of points in all parcels together, closing points included, counted as the file gives
    /// them (default 50,000). Real 界址点 files are surveyed corners: a building site has tens of points, a
    /// mine or a reservoir hundreds to a few thousand, and the longest linear projects (an expressway of
    /// 100–150 km with a corner every 10–20 m on both sides) 10,000–30,000. A million points is a GIS export
    /// of a dense line or an attack: at the 12–39 bytes a point the pages take, 50,000 points keep a page
    /// under 2 MB and reading, validation and the overlay well under a second.
    /// </summary>
    public int MaxVertices { get; init; } = 50_000;

    /// <summary>
    /// Largest number of parcels (地块: TXT parcels, GeoJSON features, shapefile records) in one boundary
    /// (default 200). A project's parcels are the pieces it is surveyed and declared in; a linear project
    /// cut by village and land class has a few dozen. Each parcel is a row of the report and a step of the
    /// union, so a limit keeps both small.
    /// </summary>
    public int MaxParcels { get; init; } = 200;

    /// <summary>The defaults above.</summary>
    public static BoundaryReadOptions Default { get; } = new();
}
