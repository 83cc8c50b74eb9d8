using System.Globalization;
using System.Text;

namespace Approvals.Spatial.Boundaries;

/// <summary>Stable codes of <see cref="BoundaryError"/>; clients may switch on them.</summary>
public static class BoundaryErrorCodes
{
    /// <summary>The bytes could not be read as the detected format (bad JSON, corrupt zip or shapefile, undecodable text).</summary>
    public const string UnreadableFile = "unreadable-file";
    /// <summary>The content is none of TXT, GeoJSON or zipped shapefile.</summary>
    public const string UnknownFormat = "unknown-format";
    /// <summary>The file (or what a zip unpacks to) is larger than the configured limit.</summary>
    public const string FileTooLarge = "file-too-large";
    /// <summary>More points in all parcels together than the configured limit.</summary>
    public const string TooManyVertices = "too-many-vertices";
    /// <summary>More parcels than the configured limit.</summary>
    public const string TooManyParcels = "too-many-parcels";
    /// <summary>A zip entry with an absolute or parent-relative path, too many entries, or a suspicious compression ratio.</summary>
    public const string UnsafeArchive = "unsafe-archive";
    /// <summary>A zip without a .shp (or without its .dbf), or with several shapefiles.</summary>
    public const string MissingShapefilePart = "missing-shapefile-part";
    /// <summary>A TXT line that is neither a section, a key=value, a parcel header nor a point.</summary>
    public const string MalformedLine = "malformed-line";
    /// <summary>No parcel found.</summary>
    public const string NoParcels = "no-parcels";
    /// <summary>A parcel that is not a polygon (TXT 线/点, GeoJSON Point/LineString, non-polygon shapefile).</summary>
    public const string UnsupportedGeometryKind = "unsupported-geometry-kind";
    /// <summary>A coordinate system other than CGCS2000 geographic or its 3-degree Gauss–Krüger zones.</summary>
    public const string UnsupportedCrs = "unsupported-crs";
    /// <summary>Eastings have no zone prefix and the file gives no zone.</summary>
    public const string ZoneMissing = "zone-missing";
    /// <summary>Header zone and coordinate zone prefix (or the declared CRS) disagree.</summary>
    public const string ZoneMismatch = "zone-mismatch";
    /// <summary>A coordinate that cannot belong to the declared CRS (e.g. projected metres read as degrees).</summary>
    public const string CoordinateOutOfRange = "coordinate-out-of-range";
    /// <summary>A ring whose last point differs from its first.</summary>
    public const string RingNotClosed = "ring-not-closed";
    /// <summary>A ring with fewer than 4 points (closing point included).</summary>
    public const string TooFewPoints = "too-few-points";
    /// <summary>A ring or parcel with zero area.</summary>
    public const string ZeroArea = "zero-area";
    /// <summary>Edges that cross or touch themselves.</summary>
    public const string SelfIntersection = "self-intersection";
    /// <summary>A hole not inside its shell.</summary>
    public const string HoleOutsideShell = "hole-outside-shell";
    /// <summary>A hole inside another hole.</summary>
    public const string NestedHoles = "nested-holes";
    /// <summary>Parts of a multi-part parcel that lie inside or over each other.</summary>
    public const string OverlappingParts = "overlapping-parts";
    /// <summary>Holes that cut the parcel's interior in pieces.</summary>
    public const string DisconnectedInterior = "disconnected-interior";
    /// <summary>Any other topology error reported by NTS.</summary>
    public const string InvalidGeometry = "invalid-geometry";
    /// <summary>Total area beyond the configured plausible maximum.</summary>
    public const string AreaImplausible = "area-implausible";
    /// <summary>A vertex outside the configured province extent.</summary>
    public const string OutsideProvince = "outside-province";
}

/// <summary>A position in the storage CRS: X is the easting, Y the northing (metres).</summary>
/// <param name="X">Easting.</param>
/// <param name="Y">Northing.</param>
public readonly record struct BoundaryLocation(double X, double Y);

/// <summary>A point as the message quotes it: in the file's own coordinate system.</summary>
/// <param name="X">Longitude, or the easting (with the zone prefix when the file has one).</param>
/// <param name="Y">Latitude, or the northing.</param>
/// <param name="Geographic">True for longitude/latitude (EPSG:4490).</param>
internal readonly record struct QuotedPoint(double X, double Y, bool Geographic);

/// <summary>
/// One problem found in a boundary file, with where it is (parcel, ring, point, line) and a message in
/// Chinese and English, e.g. "地块 2 第 1 圈 J7：环未闭合（首尾点不一致）".
/// </summary>
public sealed record BoundaryError
{
    /// <summary>Stable machine-readable code, one of <see cref="BoundaryErrorCodes"/>.</summary>
    public required string Code { get; init; }

    /// <summary>Parcel number, when the problem belongs to a parcel.</summary>
    public string? ParcelNumber { get; init; }

    /// <summary>Parcel name, when known.</summary>
    public string? ParcelName { get; init; }

    /// <summary>Ring number (TXT ring number; 1-based ring position for other formats).</summary>
    public int? Ring { get; init; }

    /// <summary>Point name (TXT, e.g. "J7"), when known.</summary>
    public string? PointName { get; init; }

    /// <summary>1-based position of the point within its ring, when known.</summary>
    public int? PointIndex { get; init; }

    /// <summary>1-based line number in a TXT file, when relevant.</summary>
    public int? Line { get; init; }

    /// <summary>Where the problem is in storage CRS coordinates (X easting, Y northing), when known.</summary>
    public BoundaryLocation? Location { get; init; }

    /// <summary>The message in Chinese.</summary>
    public required string MessageZh { get; init; }

    /// <summary>The message in English.</summary>
    public required string MessageEn { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {MessageZh} / {MessageEn}";

    /// <summary>Builds an error whose messages start with its location ("地块 2 第 1 圈 J7：" / "Parcel 2, ring 1, point J7: ").</summary>
    internal static BoundaryError Create(
        string code, string zh, string en,
        string? parcelNumber = null, string? parcelName = null, int? ring = null,
        string? pointName = null, int? pointIndex = null, int? line = null, BoundaryLocation? location = null,
        QuotedPoint? quoted = null)
    {
        var zhPlace = new List<string>();
        var enPlace = new List<string>();
        if (parcelNumber is not null)
        {
            zhPlace.Add($"地块 {parcelNumber}");
            enPlace.Add($"Parcel {parcelNumber}");
        }

        if (ring is not null)
        {
            zhPlace.Add($"第 {ring} 圈");
            enPlace.Add($"ring {ring}");
        }

        if (!string.IsNullOrEmpty(pointName))
        {
            zhPlace.Add(pointName);
            enPlace.Add($"point {pointName}");
        }
        else if (pointIndex is not null)
        {
            zhPlace.Add($"第 {pointIndex} 点");
            enPlace.Add($"point #{pointIndex}");
        }

        // The line number only helps when nothing else locates the problem; it stays in Line regardless.
        if (line is not null && string.IsNullOrEmpty(pointName) && pointIndex is null)
        {
            zhPlace.Add($"第 {line} 行");
            enPlace.Add($"line {line}");
        }

        var zhText = new StringBuilder();
        var enText = new StringBuilder();
        if (zhPlace.Count > 0)
        {
            zhText.Append(string.Join(' ', zhPlace)).Append('：');
            string enPrefix = string.Join(", ", enPlace);
            enText.Append(char.ToUpperInvariant(enPrefix[0])).Append(enPrefix.AsSpan(1)).Append(": ");
        }

        zhText.Append(zh);
        enText.Append(en);
        var shown = quoted ?? (location is { } at ? new QuotedPoint(at.X, at.Y, Geographic: false) : null);
        if (shown is { } point)
        {
            if (point.Geographic)
            {
                string lon = point.X.ToString("F6", CultureInfo.InvariantCulture);
                string lat = point.Y.ToString("F6", CultureInfo.InvariantCulture);
                zhText.Append($"（经度 {lon}，纬度 {lat}）");
                enText.Append($" (lon {lon}, lat {lat})");
            }
            else
            {
                // Surveyors read X as northing and Y as easting.
                string x = point.Y.ToString("F2", CultureInfo.InvariantCulture);
                string y = point.X.ToString("F2", CultureInfo.InvariantCulture);
                zhText.Append($"（X={x}，Y={y}）");
                enText.Append($" (X={x} northing, Y={y} easting)");
            }
        }

        return new BoundaryError
        {
            Code = code,
            ParcelNumber = parcelNumber,
            ParcelName = parcelName,
            Ring = ring,
            PointName = string.IsNullOrEmpty(pointName) ? null : pointName,
            PointIndex = pointIndex,
            Line = line,
            Location = location,
            MessageZh = zhText.ToString(),
            MessageEn = enText.ToString(),
        };
    }
}

/// <summary>The outcome of reading a boundary: either a valid <see cref="Boundary"/> or the errors, never both.</summary>
public sealed class BoundaryReadResult
{
    BoundaryReadResult(Boundary? boundary, IReadOnlyList<BoundaryError> errors)
    {
        Boundary = boundary;
        Errors = errors;
    }

    /// <summary>The boundary, when reading and validation succeeded; otherwise null.</summary>
    public Boundary? Boundary { get; }

    /// <summary>What is wrong; empty on success.</summary>
    public IReadOnlyList<BoundaryError> Errors { get; }

    /// <summary>True when <see cref="Boundary"/> is set and there are no errors.</summary>
    public bool Succeeded => Boundary is not null;

    internal static BoundaryReadResult Success(Boundary boundary) => new(boundary, []);

    internal static BoundaryReadResult Failure(IReadOnlyList<BoundaryError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(null, errors);

    internal static BoundaryReadResult Failure(BoundaryError error) => new(null, [error]);
}
