using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Boundaries;

/// <summary>Area unit conversions used in reports: 1 ha = 10,000 m² = 15 亩.</summary>
public static class AreaUnits
{
    /// <summary>m² in one hectare (公顷).</summary>
    public const double SquareMetresPerHectare = 10_000.0;

    /// <summary>m² in one mu (亩): 10,000 / 15.</summary>
    public const double SquareMetresPerMu = 10_000.0 / 15.0;
}

/// <summary>One parcel (地块) of a boundary.</summary>
public sealed class BoundaryParcel
{
    internal BoundaryParcel(
        string number, string? name, double? declaredAreaHa, string? declaredUse, string? landClassCode,
        Geometry geometry, double areaMismatchTolerance)
    {
        Number = number;
        Name = name;
        DeclaredAreaHa = declaredAreaHa;
        DeclaredUse = declaredUse;
        LandClassCode = landClassCode;
        Geometry = geometry;
        AreaM2 = geometry.Area;
        AreaMismatchTolerance = areaMismatchTolerance;
    }

    /// <summary>Parcel number (地块编号) as given, or its 1-based position when the file has none.</summary>
    public string Number { get; }

    /// <summary>Parcel name (地块名称), if given.</summary>
    public string? Name { get; }

    /// <summary>Declared area in hectares, if the file gives a positive one.</summary>
    public double? DeclaredAreaHa { get; }

    /// <summary>Declared use (用途), if given.</summary>
    public string? DeclaredUse { get; }

    /// <summary>Land-class code (地类编码), if given.</summary>
    public string? LandClassCode { get; }

    /// <summary>The parcel as a valid <see cref="Polygon"/> or <see cref="MultiPolygon"/> in the storage CRS.</summary>
    public Geometry Geometry { get; }

    /// <summary>Computed planar area in m² (in the projected storage CRS).</summary>
    public double AreaM2 { get; }

    /// <summary>Computed area in hectares.</summary>
    public double AreaHa => AreaM2 / AreaUnits.SquareMetresPerHectare;

    /// <summary>Computed area in mu (亩).</summary>
    public double AreaMu => AreaM2 / AreaUnits.SquareMetresPerMu;

    /// <summary>The relative tolerance for <see cref="DeclaredAreaMismatch"/> (default 0.01 = 1 %).</summary>
    public double AreaMismatchTolerance { get; }

    /// <summary>|declared − computed| / declared, or null when no area was declared.</summary>
    public double? AreaDifferenceRatio => DeclaredAreaHa is { } ha
        ? Math.Abs(ha * AreaUnits.SquareMetresPerHectare - AreaM2) / (ha * AreaUnits.SquareMetresPerHectare)
        : null;

    /// <summary>True when an area was declared and differs from the computed one by more than the tolerance.</summary>
    public bool DeclaredAreaMismatch => AreaDifferenceRatio > AreaMismatchTolerance;
}
