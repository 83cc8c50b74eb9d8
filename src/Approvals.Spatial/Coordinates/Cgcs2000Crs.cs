using System.Globalization;
using System.Text.RegularExpressions;
using ProjNet.CoordinateSystems;

namespace Approvals.Spatial.Coordinates;

/// <summary>The kind of a supported CGCS2000 coordinate reference system.</summary>
public enum Cgcs2000CrsKind
{
    /// <summary>Geographic CGCS2000, EPSG:4490; our API uses longitude as X and latitude as Y.</summary>
    Geographic,

    /// <summary>A 3-degree Gauss–Krüger zone, easting (X) and northing (Y) in metres.</summary>
    GaussKruger3Degree,
}

/// <summary>
/// One of the CGCS2000 coordinate reference systems the system accepts: EPSG:4490 (geographic),
/// EPSG:4513–4533 (3-degree Gauss–Krüger zones 25–45, easting with the zone prefix) and
/// EPSG:4534–4554 (the same zones by central meridian 75°E…135°E, easting without prefix).
/// </summary>
/// <param name="Srid">The EPSG code.</param>
/// <param name="Kind">Geographic or projected.</param>
/// <param name="Zone">The 3-degree zone number (25–45); null for geographic.</param>
/// <param name="CentralMeridian">Central meridian in degrees (zone × 3); null for geographic.</param>
/// <param name="FalseEasting">False easting in metres (zone × 1,000,000 + 500,000 with prefix, else 500,000); null for geographic.</param>
public sealed partial record Cgcs2000Crs(int Srid, Cgcs2000CrsKind Kind, int? Zone, double? CentralMeridian, double? FalseEasting)
{
    /// <summary>EPSG code of geographic CGCS2000.</summary>
    public const int GeographicSrid = 4490;

    /// <summary>Lowest 3-degree zone number covering China.</summary>
    public const int FirstZone = 25;

    /// <summary>Highest 3-degree zone number covering China.</summary>
    public const int LastZone = 45;

    const int FirstPrefixedSrid = 4513;   // zone 25, easting with zone prefix
    const int FirstUnprefixedSrid = 4534; // central meridian 75°E, easting without prefix

    /// <summary>CGCS2000 ellipsoid semi-major axis (m).</summary>
    public const double SemiMajorAxis = 6378137.0;

    /// <summary>CGCS2000 ellipsoid inverse flattening.</summary>
    public const double InverseFlattening = 298.257222101;

    /// <summary>Geographic CGCS2000 (EPSG:4490).</summary>
    public static Cgcs2000Crs Geographic { get; } = new(GeographicSrid, Cgcs2000CrsKind.Geographic, null, null, null);

    /// <summary>True when projected eastings carry the two-digit zone number in front (EPSG:4513–4533).</summary>
    public bool HasZonePrefix => Kind == Cgcs2000CrsKind.GaussKruger3Degree && Srid < FirstUnprefixedSrid;

    /// <summary>A readable name, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 38".</summary>
    public string Name => Kind == Cgcs2000CrsKind.Geographic
        ? "CGCS2000"
        : HasZonePrefix
            ? $"CGCS2000 / 3-degree Gauss-Kruger zone {Zone}"
            : $"CGCS2000 / 3-degree Gauss-Kruger CM {CentralMeridian!.Value.ToString(CultureInfo.InvariantCulture)}E";

    /// <summary>
    /// The CRS as ESRI WKT, the text of a shapefile's .prj, spelled as ArcGIS writes it for these EPSG codes
    /// (ArcGIS, QGIS and GDAL recognise it; <see cref="TryFromWkt"/> reads it back).
    /// </summary>
    public string EsriWkt
    {
        get
        {
            const string geographic = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
            if (Kind == Cgcs2000CrsKind.Geographic)
            {
                return geographic;
            }

            string name = HasZonePrefix
                ? $"CGCS2000_3_Degree_GK_Zone_{Zone}"
                : $"CGCS2000_3_Degree_GK_CM_{CentralMeridian!.Value.ToString(CultureInfo.InvariantCulture)}E";
            return string.Create(CultureInfo.InvariantCulture,
                $"PROJCS[\"{name}\",{geographic},PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",{FalseEasting!.Value:0.0}],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",{CentralMeridian!.Value:0.0}],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]");
        }
    }

    /// <summary>The 3-degree zone (25–45) whose central meridian is nearest <paramref name="longitude"/>, as surveyors choose it.</summary>
    /// <exception cref="UnsupportedCrsException">The longitude lies outside China's zones.</exception>
    public static int ZoneOfLongitude(double longitude)
    {
        int zone = (int)Math.Round(longitude / 3.0, MidpointRounding.AwayFromZero);
        if (zone < FirstZone || zone > LastZone)
        {
            throw new UnsupportedCrsException(0, $"Longitude {longitude.ToString(CultureInfo.InvariantCulture)} lies outside China's 3-degree zones {FirstZone}–{LastZone}.");
        }

        return zone;
    }

    /// <summary>True when <paramref name="srid"/> is one of the supported EPSG codes.</summary>
    public static bool IsSupported(int srid) => TryFromSrid(srid, out _);

    /// <summary>Looks up a supported EPSG code.</summary>
    public static bool TryFromSrid(int srid, out Cgcs2000Crs crs)
    {
        if (srid == GeographicSrid)
        {
            crs = Geographic;
            return true;
        }

        if (srid >= FirstPrefixedSrid && srid < FirstPrefixedSrid + ZoneCount)
        {
            int zone = srid - FirstPrefixedSrid + FirstZone;
            crs = new Cgcs2000Crs(srid, Cgcs2000CrsKind.GaussKruger3Degree, zone, zone * 3.0, zone * 1_000_000.0 + 500_000.0);
            return true;
        }

        if (srid >= FirstUnprefixedSrid && srid < FirstUnprefixedSrid + ZoneCount)
        {
            int zone = srid - FirstUnprefixedSrid + FirstZone;
            crs = new Cgcs2000Crs(srid, Cgcs2000CrsKind.GaussKruger3Degree, zone, zone * 3.0, 500_000.0);
            return true;
        }

        crs = Geographic;
        return false;
    }

    /// <summary>Looks up a supported EPSG code.</summary>
    /// <exception cref="UnsupportedCrsException">The code is not one of the supported CGCS2000 systems.</exception>
    public static Cgcs2000Crs FromSrid(int srid) =>
        TryFromSrid(srid, out var crs) ? crs : throw new UnsupportedCrsException(srid);

    /// <summary>The EPSG code of 3-degree zone <paramref name="zone"/>, with or without the zone prefix on eastings.</summary>
    /// <exception cref="UnsupportedCrsException">The zone is outside 25–45.</exception>
    public static int SridForZone(int zone, bool withZonePrefix)
    {
        if (zone < FirstZone || zone > LastZone)
        {
            throw new UnsupportedCrsException(0, $"3-degree zone {zone} is outside China's zones {FirstZone}–{LastZone}.");
        }

        return withZonePrefix ? FirstPrefixedSrid + zone - FirstZone : FirstUnprefixedSrid + zone - FirstZone;
    }

    const int ZoneCount = LastZone - FirstZone + 1;

    /// <summary>
    /// Recognises CGCS2000 geographic and its 3-degree Gauss–Krüger zones in a WKT text (an ESRI .prj or OGC WKT)
    /// by the ellipsoid, datum name and projection parameters, not by authority codes, which .prj files rarely carry.
    /// </summary>
    /// <returns>False for anything else (other datums, 6-degree zones, unknown projections, unreadable text).</returns>
    public static bool TryFromWkt(string wkt, out Cgcs2000Crs crs)
    {
        crs = Geographic;
        if (string.IsNullOrWhiteSpace(wkt))
        {
            return false;
        }

        var ellipsoid = EllipsoidPattern().Match(wkt);
        if (!ellipsoid.Success
            || !double.TryParse(ellipsoid.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            || !double.TryParse(ellipsoid.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double rf)
            || Math.Abs(a - SemiMajorAxis) > 1e-3 || Math.Abs(rf - InverseFlattening) > 1e-6)
        {
            return false;
        }

        // GRS 80 carries other datums too (NAD83, ETRS89): insist on the China 2000 datum by name.
        if (!wkt.Contains("2000", StringComparison.Ordinal)
            || !(wkt.Contains("China", StringComparison.OrdinalIgnoreCase) || wkt.Contains("CGCS", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        string head = wkt.TrimStart();
        bool projected = head.StartsWith("PROJCS", StringComparison.OrdinalIgnoreCase) || head.StartsWith("PROJCRS", StringComparison.OrdinalIgnoreCase);
        if (!projected)
        {
            return head.StartsWith("GEOGCS", StringComparison.OrdinalIgnoreCase) || head.StartsWith("GEOGCRS", StringComparison.OrdinalIgnoreCase);
        }

        var method = MethodPattern().Match(wkt);
        string methodName = Normalise(method.Success ? method.Groups[1].Value : string.Empty);
        if (methodName is not ("transversemercator" or "gausskruger"))
        {
            return false;
        }

        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in ParameterPattern().Matches(wkt))
        {
            if (double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                parameters[Normalise(m.Groups[1].Value)] = value;
            }
        }

        double Parameter(double fallback, params string[] names)
        {
            foreach (string name in names)
            {
                if (parameters.TryGetValue(name, out double v))
                {
                    return v;
                }
            }

            return fallback;
        }

        double centralMeridian = Parameter(double.NaN, "centralmeridian", "longitudeofnaturalorigin", "longitudeoforigin");
        double falseEasting = Parameter(double.NaN, "falseeasting");
        double falseNorthing = Parameter(0, "falsenorthing");
        double scale = Parameter(1, "scalefactor", "scalefactoratnaturalorigin");
        double latitudeOfOrigin = Parameter(0, "latitudeoforigin", "latitudeofnaturalorigin");
        if (falseNorthing != 0 || Math.Abs(scale - 1) > 1e-12 || latitudeOfOrigin != 0
            || !double.IsFinite(centralMeridian) || Math.Abs(centralMeridian / 3 - Math.Round(centralMeridian / 3)) > 1e-9)
        {
            return false;
        }

        int zone = (int)Math.Round(centralMeridian / 3);
        if (zone < FirstZone || zone > LastZone)
        {
            return false;
        }

        if (falseEasting == 500_000)
        {
            crs = FromSrid(SridForZone(zone, withZonePrefix: false));
            return true;
        }

        if (falseEasting == zone * 1_000_000.0 + 500_000)
        {
            crs = FromSrid(SridForZone(zone, withZonePrefix: true));
            return true;
        }

        return false;
    }

    static string Normalise(string name) =>
        new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    [GeneratedRegex(@"(?:SPHEROID|ELLIPSOID)\s*\[\s*""[^""]*""\s*,\s*([-+\d.Ee]+)\s*,\s*([-+\d.Ee]+)", RegexOptions.IgnoreCase)]
    private static partial Regex EllipsoidPattern();

    [GeneratedRegex(@"(?:PROJECTION|METHOD)\s*\[\s*""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPattern();

    [GeneratedRegex(@"PARAMETER\s*\[\s*""([^""]*)""\s*,\s*([-+\d.Ee]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ParameterPattern();

    /// <summary>Builds the ProjNET coordinate system from the parameters above (no EPSG database needed).</summary>
    internal CoordinateSystem CreateCoordinateSystem()
    {
        var factory = new CoordinateSystemFactory();
        var ellipsoid = factory.CreateFlattenedSphere("CGCS2000", SemiMajorAxis, InverseFlattening, LinearUnit.Metre);
        var datum = factory.CreateHorizontalDatum("China 2000", DatumType.HD_Geocentric, ellipsoid, null);
        // Longitude first: that is the order NTS and GeoJSON use, whatever the EPSG registry says.
        var geographic = factory.CreateGeographicCoordinateSystem(
            "China Geodetic Coordinate System 2000", AngularUnit.Degrees, datum, PrimeMeridian.Greenwich,
            new AxisInfo("Lon", AxisOrientationEnum.East), new AxisInfo("Lat", AxisOrientationEnum.North));
        if (Kind == Cgcs2000CrsKind.Geographic)
        {
            return geographic;
        }

        var parameters = new List<ProjectionParameter>
        {
            new("latitude_of_origin", 0.0),
            new("central_meridian", CentralMeridian!.Value),
            new("scale_factor", 1.0),
            new("false_easting", FalseEasting!.Value),
            new("false_northing", 0.0),
        };
        var projection = factory.CreateProjection("Transverse Mercator", "Transverse_Mercator", parameters);
        return factory.CreateProjectedCoordinateSystem(
            Name, geographic, projection, LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
    }
}
