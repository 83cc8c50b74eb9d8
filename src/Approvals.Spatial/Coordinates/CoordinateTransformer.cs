using System.Collections.Concurrent;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using ProjNet.CoordinateSystems.Transformations;

namespace Approvals.Spatial.Coordinates;

/// <summary>
/// Transforms NTS geometries between the supported CGCS2000 systems (<see cref="Cgcs2000Crs"/>), with one
/// projected storage CRS as the usual destination. X is longitude or easting, Y latitude or northing.
/// Instances are immutable and safe to share between threads.
/// </summary>
public sealed class CoordinateTransformer
{
    // ProjNET math transforms carry no per-call state, so one per pair serves every caller.
    static readonly ConcurrentDictionary<(int, int), Transformation> Transforms = new();

    /// <summary>Creates a transformer whose storage CRS is <paramref name="storageSrid"/> (the demo uses 4526).</summary>
    /// <exception cref="UnsupportedCrsException">The storage SRID is not supported.</exception>
    public CoordinateTransformer(int storageSrid)
    {
        StorageCrs = Cgcs2000Crs.FromSrid(storageSrid);
    }

    /// <summary>The CRS geometries are stored in.</summary>
    public Cgcs2000Crs StorageCrs { get; }

    /// <summary>Transforms <paramref name="geometry"/> from <paramref name="sourceSrid"/> into the storage CRS.</summary>
    public Geometry ToStorage(Geometry geometry, int sourceSrid) => Transform(geometry, sourceSrid, StorageCrs.Srid);

    /// <summary>Transforms <paramref name="geometry"/> from the storage CRS into <paramref name="targetSrid"/>.</summary>
    public Geometry FromStorage(Geometry geometry, int targetSrid) => Transform(geometry, StorageCrs.Srid, targetSrid);

    /// <summary>
    /// Returns a transformed copy of <paramref name="geometry"/> whose <see cref="Geometry.SRID"/> is
    /// <paramref name="targetSrid"/>. Each coordinate sequence is transformed in one call.
    /// </summary>
    /// <exception cref="UnsupportedCrsException">Either SRID is not supported.</exception>
    public static Geometry Transform(Geometry geometry, int sourceSrid, int targetSrid)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var factory = geometry.Factory.WithSRID(targetSrid);
        if (sourceSrid == targetSrid)
        {
            Cgcs2000Crs.FromSrid(sourceSrid);
            var copy = factory.CreateGeometry(geometry);
            return copy;
        }

        // The transformer takes its factory from its input, so first move the geometry to the target SRID.
        var transformer = new SequenceTransformer(TransformationFor(sourceSrid, targetSrid));
        return transformer.Transform(factory.CreateGeometry(geometry));
    }

    /// <summary>Transforms one point; X is longitude or easting, Y latitude or northing.</summary>
    /// <exception cref="UnsupportedCrsException">Either SRID is not supported.</exception>
    public static (double X, double Y) Transform(double x, double y, int sourceSrid, int targetSrid)
    {
        if (sourceSrid == targetSrid)
        {
            Cgcs2000Crs.FromSrid(sourceSrid);
            return (x, y);
        }

        Span<double> xs = [x];
        Span<double> ys = [y];
        TransformationFor(sourceSrid, targetSrid).Apply(xs, ys);
        return (xs[0], ys[0]);
    }

    /// <summary>Transforms many points in place (the fast path for large coordinate lists).</summary>
    /// <exception cref="UnsupportedCrsException">Either SRID is not supported.</exception>
    public static void TransformInPlace(Span<double> xs, Span<double> ys, int sourceSrid, int targetSrid)
    {
        if (xs.Length != ys.Length)
        {
            throw new ArgumentException("xs and ys must have the same length.", nameof(ys));
        }

        if (sourceSrid == targetSrid)
        {
            Cgcs2000Crs.FromSrid(sourceSrid);
            return;
        }

        if (xs.Length > 0)
        {
            TransformationFor(sourceSrid, targetSrid).Apply(xs, ys);
        }
    }

    static Transformation TransformationFor(int sourceSrid, int targetSrid)
    {
        var source = Cgcs2000Crs.FromSrid(sourceSrid);
        var target = Cgcs2000Crs.FromSrid(targetSrid);
        return Transforms.GetOrAdd((sourceSrid, targetSrid), _ =>
        {
            // The same zone with and without prefix differ only by false easting: shift exactly, no projection round trip.
            if (source.Kind == Cgcs2000CrsKind.GaussKruger3Degree && source.CentralMeridian == target.CentralMeridian)
            {
                return new Transformation(null, target.FalseEasting!.Value - source.FalseEasting!.Value);
            }

            var math = new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(source.CreateCoordinateSystem(), target.CreateCoordinateSystem())
                .MathTransform;
            return new Transformation(math, 0);
        });
    }

    /// <summary>Either a ProjNET transform or an exact easting shift.</summary>
    sealed record Transformation(MathTransform? Math, double EastingShift)
    {
        public void Apply(Span<double> xs, Span<double> ys)
        {
            if (Math is not null)
            {
                Math.Transform(xs, ys, 1, 1);
                return;
            }

            for (int i = 0; i < xs.Length; i++)
            {
                xs[i] += EastingShift;
            }
        }
    }

    /// <summary>Rebuilds a geometry ring by ring, transforming each sequence's X/Y in bulk.</summary>
    sealed class SequenceTransformer(Transformation transformation) : GeometryTransformer
    {
        protected override CoordinateSequence TransformCoordinates(CoordinateSequence coords, Geometry parent)
        {
            var copy = coords.Copy();
            int n = copy.Count;
            if (n == 0)
            {
                return copy;
            }

            var xs = new double[n];
            var ys = new double[n];
            for (int i = 0; i < n; i++)
            {
                xs[i] = copy.GetX(i);
                ys[i] = copy.GetY(i);
            }

            transformation.Apply(xs, ys);
            for (int i = 0; i < n; i++)
            {
                copy.SetX(i, xs[i]);
                copy.SetY(i, ys[i]);
            }

            return copy;
        }
    }
}
