using NetTopologySuite.Geometries;

namespace Approvals.Application.BaseMaps;

/// <summary>
/// One version of a base-map category's data: what one import (or one synthetic generation) loaded.
/// A category may have several current versions (imports that add to each other); an import with
/// --replace supersedes the current ones. Superseded versions keep their features so that a stored
/// check can still name the features it saw.
/// </summary>
public sealed class BaseMapLayer
{
    public Guid Id { get; init; }
    /// <summary>The category, e.g. "PBF" (catalogue code).</summary>
    public string CategoryCode { get; init; } = "";
    /// <summary>1, 2, … per category, in import order.</summary>
    public int Version { get; init; }
    public string SourceFileName { get; init; } = "";
    /// <summary>geojson, shapefile, geopackage or synthetic.</summary>
    public string SourceFormat { get; init; } = "";
    /// <summary>EPSG code of the source coordinates.</summary>
    public int SourceSrid { get; init; }
    public Guid? ImportedById { get; init; }
    public string ImportedByName { get; init; } = "";
    public DateTimeOffset ImportedAt { get; init; }
    public int FeatureCount { get; init; }
    /// <summary>Features whose geometry was invalid and was repaired (MakeValid) on the way in.</summary>
    public int RepairedCount { get; init; }
    /// <summary>Bounding box of the features, in the storage CRS; null for an empty layer.</summary>
    public Polygon? Extent { get; init; }
    /// <summary>
    /// Where this version says something, in the storage CRS: inside it, the absence of features means
    /// "clear"; outside it, "no data" (no-coverage). An import covers the convex hull of its features
    /// unless told otherwise; the synthetic layers cover the demo counties.
    /// </summary>
    public MultiPolygon Coverage { get; init; } = null!;
    public bool IsCurrent { get; set; }
    public DateTimeOffset? SupersededAt { get; set; }
    public Guid? SupersededById { get; set; }
}

/// <summary>One base-map feature (a polygon of a category) with its original attributes.</summary>
public sealed class BaseMapFeature
{
    public long Id { get; init; }
    public Guid LayerId { get; init; }
    public string CategoryCode { get; init; } = "";
    /// <summary>The feature's identifier in the source file, when it had one.</summary>
    public string? SourceId { get; init; }
    public string? Name { get; init; }
    /// <summary>The source attributes as a JSON object (jsonb).</summary>
    public string Attributes { get; init; } = "{}";
    /// <summary>For forest land (FOR): the protection grade 1–4 read from the attributes, when given.</summary>
    public short? ForestGrade { get; init; }
    /// <summary>For forest land (FOR): the forest kind (1 protection/special use, 2 timber/economic/fuel, 3 other), when given.</summary>
    public short? ForestKind { get; init; }
    /// <summary>Always a MultiPolygon in the storage CRS, valid.</summary>
    public MultiPolygon Geometry { get; init; } = null!;
    public double AreaM2 { get; init; }
    /// <summary>
    /// The geometry in Web Mercator (EPSG:3857), kept by the database beside <see cref="Geometry"/>: the map tiles
    /// select and clip on it directly instead of transforming every feature of every tile on each request.
    /// </summary>
    public MultiPolygon? WebGeometry { get; private set; }
}

/// <summary>
/// The overlay's index: each current feature cut by ST_Subdivide into pieces of a bounded number of
/// vertices, so a long corridor or a huge forest polygon is tested and clipped piece by piece
/// instead of whole. Pieces of one feature never overlap, so their areas add up.
/// </summary>
public sealed class BaseMapFeaturePart
{
    public long Id { get; init; }
    public long FeatureId { get; init; }
    public Guid LayerId { get; init; }
    public string CategoryCode { get; init; } = "";
    public short? ForestGrade { get; init; }
    public short? ForestKind { get; init; }
    public Polygon Geometry { get; init; } = null!;
    /// <summary>The piece's interior meets a piece of another feature of its version: only such pieces need a union in the overlay.</summary>
    public bool OverlapsOtherFeature { get; init; } = true;
}
