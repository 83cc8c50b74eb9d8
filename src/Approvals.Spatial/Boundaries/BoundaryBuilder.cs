using System.Globalization;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Approvals.Spatial.Boundaries;

/// <summary>
/// Turns parcel drafts from any reader into a validated <see cref="Boundary"/> in the storage CRS, or the
/// list of everything wrong with them. All checks run on every parcel so one upload shows all problems.
/// </summary>
internal sealed class BoundaryBuilder(BoundaryReadOptions options)
{
    /// <summary>Errors listed for one file at most: enough to fix it by, not a response as large as the file.</summary>
    internal const int MaxErrors = 200;
    const double MinimumAreaM2 = 1e-6;

    readonly GeometryFactory factory = new(new PrecisionModel(), options.StorageSrid);

    /// <summary>Refuses configurations no upload could fix: areas need a projected storage CRS.</summary>
    public static BoundaryReadOptions CheckOptions(BoundaryReadOptions? options)
    {
        options ??= BoundaryReadOptions.Default;
        if (!Cgcs2000Crs.TryFromSrid(options.StorageSrid, out var storage) || storage.Kind != Cgcs2000CrsKind.GaussKruger3Degree)
        {
            throw new ArgumentException(
                $"Storage SRID {options.StorageSrid} must be a CGCS2000 3-degree Gauss–Krüger zone (EPSG:4513–4554).", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.ProvinceExtent);
        // Files and unpacked entries are held in one array each.
        if (options.MaxFileBytes is < 1 or > int.MaxValue || options.MaxUncompressedBytes is < 1 or > int.MaxValue)
        {
            throw new ArgumentException("The byte limits must be between 1 byte and 2 GB.", nameof(options));
        }

        if (options.MaxVertices < 4 || options.MaxParcels < 1)
        {
            throw new ArgumentException("A boundary must be allowed at least one parcel of 4 points.", nameof(options));
        }

        return options;
    }

    /// <summary>The file-too-large error when <paramref name="length"/> exceeds the configured limit.</summary>
    public static BoundaryError? CheckSize(long length, BoundaryReadOptions options) =>
        length <= options.MaxFileBytes
            ? null
            : BoundaryError.Create(
                BoundaryErrorCodes.FileTooLarge,
                $"文件过大（{length / 1048576.0:F1} MB），上限为 {options.MaxFileBytes / 1048576.0:F1} MB",
                $"the file is too large ({length / 1048576.0:F1} MB); the limit is {options.MaxFileBytes / 1048576.0:F1} MB");

    /// <summary>
    /// The errors of a boundary with more parcels or points than configured, naming the limit and the count.
    /// Each reader counts before it builds anything large (geometries, transformations); see <see cref="Build"/>.
    /// </summary>
    public static List<BoundaryError> CheckCounts(long parcels, long vertices, BoundaryReadOptions options)
    {
        var errors = new List<BoundaryError>();
        if (parcels > options.MaxParcels)
        {
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.TooManyParcels,
                $"红线共有 {Count(parcels)} 个地块，超过上限 {Count(options.MaxParcels)} 个；请核对文件，或将项目分批申报",
                $"the boundary has {Count(parcels)} parcels; the limit is {Count(options.MaxParcels)}. Check the file or split the project"));
        }

        if (vertices > options.MaxVertices)
        {
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.TooManyVertices,
                $"红线共有 {Count(vertices)} 个坐标点，超过上限 {Count(options.MaxVertices)} 个；请核对文件，或删去多余的加密点",
                $"the boundary has {Count(vertices)} points; the limit is {Count(options.MaxVertices)}. Check the file or remove superfluous intermediate points"));
        }

        return errors;

        static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }

    public BoundaryReadResult Build(BoundaryFormat format, int sourceSrid, IReadOnlyList<ParcelDraft> drafts)
    {
        // The readers count before they get here; this keeps the limits whatever reader or caller built the drafts.
        if (CheckCounts(drafts.Count, drafts.Sum(d => d.Rings.Sum(r => (long)r.Coordinates.Length)), options) is { Count: > 0 } tooMany)
        {
            return BoundaryReadResult.Failure(tooMany);
        }

        if (!Cgcs2000Crs.TryFromSrid(sourceSrid, out var sourceCrs))
        {
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnsupportedCrs,
                $"不支持的坐标系 EPSG:{sourceSrid}，仅支持 CGCS2000 地理坐标（4490）及 3 度带高斯投影（4513–4554）",
                $"EPSG:{sourceSrid} is not supported; only CGCS2000 geographic (4490) and its 3-degree Gauss–Krüger zones (4513–4554) are"));
        }

        if (drafts.Count == 0)
        {
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.NoParcels, "文件中没有地块", "the file contains no parcel"));
        }

        var errors = new List<BoundaryError>();
        var parcels = new List<BoundaryParcel>();
        foreach (var draft in drafts)
        {
            var geometry = BuildParcel(draft, sourceCrs, errors);
            if (geometry is not null)
            {
                parcels.Add(new BoundaryParcel(
                    draft.Number, draft.Name, draft.DeclaredAreaHa, draft.DeclaredUse, draft.LandClassCode,
                    geometry, options.AreaMismatchTolerance));
            }

            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        double total = parcels.Sum(p => p.AreaM2);
        if (errors.Count == 0 && total > options.MaxTotalAreaM2)
        {
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.AreaImplausible,
                $"总面积 {total / 1e6:F2} 平方公里超过上限 {options.MaxTotalAreaM2 / 1e6:F2} 平方公里，请核对坐标",
                $"total area {total / 1e6:F2} km² exceeds the plausible maximum of {options.MaxTotalAreaM2 / 1e6:F2} km²; check the coordinates"));
        }

        return errors.Count > 0
            ? BoundaryReadResult.Failure(errors)
            : BoundaryReadResult.Success(new Boundary(format, sourceSrid, options.StorageSrid, parcels));
    }

    Geometry? BuildParcel(ParcelDraft draft, Cgcs2000Crs sourceCrs, List<BoundaryError> errors)
    {
        int before = errors.Count;
        if (draft.Rings.Count == 0)
        {
            errors.Add(Error(draft, BoundaryErrorCodes.TooFewPoints, "地块没有坐标点", "the parcel has no points"));
            return null;
        }

        foreach (var ring in draft.Rings)
        {
            CheckRingShape(draft, ring, errors);
        }

        if (errors.Count > before)
        {
            return null;
        }

        foreach (var ring in draft.Rings)
        {
            if (CheckCoordinatesFitCrs(draft, ring, sourceCrs) is { } misfit)
            {
                errors.Add(misfit);
                return null;
            }
        }

        // Transform each ring once into storage (for geometry) and into lon/lat (for the province check).
        var stored = new List<RingDraft>(draft.Rings.Count);
        foreach (var ring in draft.Rings)
        {
            var storedCoordinates = TransformRing(ring.Coordinates, sourceCrs.Srid, options.StorageSrid);
            var geographic = sourceCrs.Srid == Cgcs2000Crs.GeographicSrid
                ? ring.Coordinates
                : TransformRing(ring.Coordinates, sourceCrs.Srid, Cgcs2000Crs.GeographicSrid);
            int outside = Array.FindIndex(geographic, c => !options.ProvinceExtent.Contains(c.X, c.Y) || !double.IsFinite(c.X) || !double.IsFinite(c.Y));
            if (outside >= 0)
            {
                var extent = options.ProvinceExtent;
                var c = geographic[outside];
                errors.Add(Error(
                    draft, BoundaryErrorCodes.OutsideProvince,
                    $"坐标点位于本省范围之外（经度 {c.X:F6}，纬度 {c.Y:F6}；本省范围 东经 {extent.MinLongitude}–{extent.MaxLongitude}°，北纬 {extent.MinLatitude}–{extent.MaxLatitude}°）",
                    $"the point lies outside the province (lon {c.X:F6}, lat {c.Y:F6}; the province spans {extent.MinLongitude}–{extent.MaxLongitude}°E, {extent.MinLatitude}–{extent.MaxLatitude}°N)",
                    ring, outside));
                return null;
            }

            stored.Add(ring with { Coordinates = storedCoordinates });
        }

        foreach (var ring in stored)
        {
            var linearRing = factory.CreateLinearRing(ring.Coordinates);
            // The hull, not the signed ring area: a symmetric bow tie has zero signed area but is a self-intersection.
            if (linearRing.ConvexHull().Area < MinimumAreaM2)
            {
                errors.Add(Error(draft, BoundaryErrorCodes.ZeroArea, "环的面积为零（点共线或重合）", "the ring has zero area (points are collinear or repeated)", ring, null));
                continue;
            }

            var problem = new IsValidOp(factory.CreatePolygon(linearRing)).ValidationError;
            if (problem is not null)
            {
                errors.Add(TopologyError(draft, problem, [ring], sourceCrs));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var geometry = draft.Polygons is null ? AssembleByContainment(stored) : Assemble(stored, draft.Polygons);
        var error = new IsValidOp(geometry).ValidationError;
        if (error is not null)
        {
            errors.Add(TopologyError(draft, error, stored, sourceCrs));
            return null;
        }

        if (geometry.Area < MinimumAreaM2)
        {
            errors.Add(Error(draft, BoundaryErrorCodes.ZeroArea, "地块面积为零", "the parcel has zero area"));
            return null;
        }

        return geometry;
    }

    static void CheckRingShape(ParcelDraft draft, RingDraft ring, List<BoundaryError> errors)
    {
        var points = ring.Coordinates;
        int bad = Array.FindIndex(points, c => !double.IsFinite(c.X) || !double.IsFinite(c.Y));
        if (bad >= 0)
        {
            errors.Add(Error(draft, BoundaryErrorCodes.CoordinateOutOfRange, "坐标不是有效数字", "the coordinate is not a finite number", ring, bad));
            return;
        }

        if (points.Length >= 2 && !points[0].Equals2D(points[^1]))
        {
            errors.Add(Error(
                draft, BoundaryErrorCodes.RingNotClosed, "环未闭合（首尾点不一致）", "ring is not closed (first and last points differ)",
                ring, points.Length - 1));
            return;
        }

        if (points.Length < 4)
        {
            errors.Add(Error(
                draft, BoundaryErrorCodes.TooFewPoints,
                $"环只有 {points.Length} 个点，至少需要 4 个（含闭合点）",
                $"the ring has {points.Length} points; at least 4 are needed (closing point included)",
                ring, null));
        }
    }

    static BoundaryError? CheckCoordinatesFitCrs(ParcelDraft draft, RingDraft ring, Cgcs2000Crs crs)
    {
        for (int i = 0; i < ring.Coordinates.Length; i++)
        {
            var c = ring.Coordinates[i];
            if (crs.Kind == Cgcs2000CrsKind.Geographic)
            {
                if (Math.Abs(c.X) > 180 || Math.Abs(c.Y) > 90)
                {
                    return Error(
                        draft, BoundaryErrorCodes.CoordinateOutOfRange,
                        $"经纬度超出范围（{c.X}, {c.Y}）；如为投影坐标，请指明坐标系（如 EPSG:4526）",
                        $"longitude/latitude out of range ({c.X}, {c.Y}); if these are projected metres, give their CRS (e.g. EPSG:4526)",
                        ring, i);
                }

                continue;
            }

            int prefix = (int)Math.Floor(c.X / 1_000_000);
            bool prefixIsZone = prefix >= Cgcs2000Crs.FirstZone && prefix <= Cgcs2000Crs.LastZone;
            if (crs.HasZonePrefix ? prefix != crs.Zone : prefix != 0)
            {
                return prefixIsZone
                    ? Error(
                        draft, BoundaryErrorCodes.ZoneMismatch,
                        $"横坐标 {c.X:F2} 的带号前缀 {prefix} 与坐标系 EPSG:{crs.Srid}（{(crs.HasZonePrefix ? $"第 {crs.Zone} 带" : "无带号前缀")}）不一致",
                        $"easting {c.X:F2} carries zone prefix {prefix}, which does not match EPSG:{crs.Srid} ({(crs.HasZonePrefix ? $"zone {crs.Zone}" : "no zone prefix")})",
                        ring, i)
                    : Error(
                        draft, BoundaryErrorCodes.CoordinateOutOfRange,
                        $"横坐标 {c.X:F2} 不属于坐标系 EPSG:{crs.Srid}",
                        $"easting {c.X:F2} does not belong to EPSG:{crs.Srid}",
                        ring, i);
            }

            if (c.Y < 0 || c.Y >= 10_000_000)
            {
                return Error(
                    draft, BoundaryErrorCodes.CoordinateOutOfRange,
                    $"纵坐标 {c.Y:F2} 超出范围", $"northing {c.Y:F2} is out of range", ring, i);
            }
        }

        return null;
    }

    static Coordinate[] TransformRing(Coordinate[] coordinates, int sourceSrid, int targetSrid)
    {
        var xs = new double[coordinates.Length];
        var ys = new double[coordinates.Length];
        for (int i = 0; i < coordinates.Length; i++)
        {
            xs[i] = coordinates[i].X;
            ys[i] = coordinates[i].Y;
        }

        CoordinateTransformer.TransformInPlace(xs, ys, sourceSrid, targetSrid);
        var result = new Coordinate[coordinates.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new Coordinate(xs[i], ys[i]);
        }

        return result;
    }

    Geometry Assemble(List<RingDraft> rings, List<int[]> polygons)
    {
        var built = polygons
            .Select(indexes => factory.CreatePolygon(
                factory.CreateLinearRing(rings[indexes[0]].Coordinates),
                indexes.Skip(1).Select(i => factory.CreateLinearRing(rings[i].Coordinates)).ToArray()))
            .ToArray();
        return built.Length == 1 ? built[0] : factory.CreateMultiPolygon(built);
    }

    /// <summary>
    /// Decides shells and holes by nesting, not by ring number: a ring inside an odd number of other rings
    /// is a hole of the innermost ring around it; every other ring is a shell (a further part).
    /// </summary>
    Geometry AssembleByContainment(List<RingDraft> rings)
    {
        var locators = rings.Select(r => new IndexedPointInAreaLocator(factory.CreatePolygon(r.Coordinates))).ToArray();
        var containers = new List<int>[rings.Count];
        for (int i = 0; i < rings.Count; i++)
        {
            containers[i] = [];
            for (int j = 0; j < rings.Count; j++)
            {
                if (i != j && IsInside(rings[i].Coordinates, locators[j]))
                {
                    containers[i].Add(j);
                }
            }
        }

        var shells = new List<int>();
        var holesOf = new Dictionary<int, List<int>>();
        for (int i = 0; i < rings.Count; i++)
        {
            if (containers[i].Count % 2 == 0)
            {
                shells.Add(i);
                holesOf.TryAdd(i, []);
            }
        }

        for (int i = 0; i < rings.Count; i++)
        {
            if (containers[i].Count % 2 == 1)
            {
                // The innermost container is the one that itself has the most containers.
                int parent = containers[i].MaxBy(j => containers[j].Count);
                if (!holesOf.TryGetValue(parent, out var holes))
                {
                    holesOf[parent] = holes = [];
                }

                holes.Add(i);
            }
        }

        var polygons = shells.Select(s => (int[])[s, .. holesOf[s]]).ToList();
        return Assemble(rings, polygons);
    }

    /// <summary>A ring is inside another when its first vertex not on the other's boundary lies in its interior.</summary>
    static bool IsInside(Coordinate[] ring, IndexedPointInAreaLocator other)
    {
        foreach (var c in ring)
        {
            var location = other.Locate(c);
            if (location != Location.Boundary)
            {
                return location == Location.Interior;
            }
        }

        return false;
    }

    BoundaryError TopologyError(ParcelDraft draft, TopologyValidationError problem, IReadOnlyList<RingDraft> rings, Cgcs2000Crs sourceCrs)
    {
        var (code, zh, en) = problem.ErrorType switch
        {
            TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection =>
                (BoundaryErrorCodes.SelfIntersection, "边线自相交（交点在此点附近）", "edges cross or touch each other (near this point)"),
            TopologyValidationErrors.HoleOutsideShell =>
                (BoundaryErrorCodes.HoleOutsideShell, "内环（洞）不在外环之内", "the hole is not inside its shell"),
            TopologyValidationErrors.NestedHoles =>
                (BoundaryErrorCodes.NestedHoles, "内环（洞）嵌套在另一个内环之中", "the hole lies inside another hole"),
            TopologyValidationErrors.NestedShells =>
                (BoundaryErrorCodes.OverlappingParts, "多个外环相互重叠或嵌套", "parts of the parcel overlap or lie inside each other"),
            TopologyValidationErrors.DisconnectedInteriors =>
                (BoundaryErrorCodes.DisconnectedInterior, "内环将地块分割成不连通的部分", "holes cut the parcel into disconnected pieces"),
            TopologyValidationErrors.TooFewPoints =>
                (BoundaryErrorCodes.TooFewPoints, "环的有效点数不足", "the ring has too few distinct points"),
            _ => (BoundaryErrorCodes.InvalidGeometry, $"几何图形无效（{problem.Message}）", $"invalid geometry ({problem.Message})"),
        };

        var at = problem.Coordinate;
        if (at is null)
        {
            return Error(draft, code, zh, en);
        }

        // Name the input point nearest to the problem so the surveyor can find it in the file.
        RingDraft? nearestRing = null;
        int nearestIndex = 0;
        double best = double.MaxValue;
        foreach (var ring in rings)
        {
            for (int i = 0; i < ring.Coordinates.Length; i++)
            {
                double d = ring.Coordinates[i].Distance(at);
                if (d < best)
                {
                    best = d;
                    nearestRing = ring;
                    nearestIndex = i;
                }
            }
        }

        // The message quotes the place in the coordinates the file was written in (lon/lat for lon/lat), so the
        // applicant can find it; Location keeps it in the storage CRS for maps and clients.
        var quoted = options.StorageSrid == sourceCrs.Srid
            ? (at.X, at.Y)
            : CoordinateTransformer.Transform(at.X, at.Y, options.StorageSrid, sourceCrs.Srid);
        return Error(draft, code, zh, en, nearestRing, nearestIndex, new BoundaryLocation(at.X, at.Y),
            new QuotedPoint(quoted.X, quoted.Y, sourceCrs.Kind == Cgcs2000CrsKind.Geographic));
    }

    static BoundaryError Error(
        ParcelDraft draft, string code, string zh, string en,
        RingDraft? ring = null, int? pointIndex = null, BoundaryLocation? location = null, QuotedPoint? quoted = null) =>
        BoundaryError.Create(
            code, zh, en, draft.Number, draft.Name, ring?.Number,
            pointName: pointIndex is { } i ? ring?.NameAt(i) : null,
            pointIndex: pointIndex + 1,
            line: pointIndex is { } j ? ring?.LineAt(j) : null,
            location: location,
            quoted: quoted);
}
