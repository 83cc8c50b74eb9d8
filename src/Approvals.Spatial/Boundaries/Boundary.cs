namespace Approvals.Spatial.Boundaries;

/// <summary>The file formats a project boundary (红线) can arrive in.</summary>
public enum BoundaryFormat
{
    /// <summary>界址点坐标 TXT: the surveyors' boundary coordinate file.</summary>
    CoordinateTxt,

    /// <summary>GeoJSON geometry, Feature or FeatureCollection.</summary>
    GeoJson,

    /// <summary>A .zip holding a polygon shapefile (.shp, .shx, .dbf, optional .prj and .cpg).</summary>
    ShapefileZip,
}

/// <summary>
/// A validated project boundary: one or more parcels, each a Polygon or MultiPolygon in the storage CRS.
/// Readers only ever return a whole, valid boundary; see <see cref="BoundaryReadResult"/>.
/// </summary>
public sealed class Boundary
{
    internal Boundary(BoundaryFormat format, int sourceSrid, int storageSrid, IReadOnlyList<BoundaryParcel> parcels)
    {
        Format = format;
        SourceSrid = sourceSrid;
        StorageSrid = storageSrid;
        Parcels = parcels;
    }

    /// <summary>The format the boundary was read from.</summary>
    public BoundaryFormat Format { get; }

    /// <summary>EPSG code of the coordinates in the file.</summary>
    public int SourceSrid { get; }

    /// <summary>EPSG code of <see cref="BoundaryParcel.Geometry"/> (the configured storage CRS).</summary>
    public int StorageSrid { get; }

    /// <summary>The parcels, in file order.</summary>
    public IReadOnlyList<BoundaryParcel> Parcels { get; }

    /// <summary>Sum of the parcels' computed areas in m².</summary>
    public double TotalAreaM2 => Parcels.Sum(p => p.AreaM2);

    /// <summary>Sum of the parcels' computed areas in hectares.</summary>
    public double TotalAreaHa => TotalAreaM2 / AreaUnits.SquareMetresPerHectare;

    /// <summary>True when any parcel's declared area differs from its computed area beyond the tolerance.</summary>
    public bool HasAreaMismatch => Parcels.Any(p => p.DeclaredAreaMismatch);
}
