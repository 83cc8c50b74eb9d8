using System.Globalization;
using System.Text;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Boundaries;

/// <summary>One parcel (地块) to write: its number, name, declared use and polygon(s) in the storage CRS.</summary>
public sealed record BoundaryTxtParcel(string Number, string? Name, Geometry Geometry, string? DeclaredUse = null);

/// <summary>
/// Writes a 界址点坐标 TXT as <see cref="BoundaryCoordinateTxtReader"/> reads it and as surveyors exchange it: GBK, a
/// [属性描述] header naming CGCS2000, 3-degree zones, Gauss–Krüger, metres and the zone (带号), then [地块坐标] with one
/// header line per parcel ("point count, area in ha, number, name, 面, , use, , @") and its points
/// "J1,ring,X(northing),Y(easting with the zone in front)", every ring closed by repeating its first point.
/// The zone is the 3-degree zone of the boundary's longitude (the one a surveyor of that place would use),
/// which need not be the storage CRS's zone.
/// </summary>
public static class BoundaryCoordinateTxtWriter
{
    /// <summary>The file's bytes in GBK (CRLF line ends, as the Windows tools that read these files expect).</summary>
    /// <param name="parcels">The parcels, each a Polygon or MultiPolygon in <paramref name="storageSrid"/>.</param>
    /// <param name="storageSrid">The CRS of the parcels' coordinates (a supported CGCS2000 CRS).</param>
    /// <param name="producer">数据产生单位.</param>
    /// <param name="date">数据产生日期.</param>
    public static byte[] Write(IReadOnlyList<BoundaryTxtParcel> parcels, int storageSrid, string producer, DateOnly date) =>
        TextDecoding.Gbk.GetBytes(WriteText(parcels, storageSrid, producer, date));

    /// <summary>The file's text (see <see cref="Write"/>).</summary>
    public static string WriteText(IReadOnlyList<BoundaryTxtParcel> parcels, int storageSrid, string producer, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(parcels);
        if (parcels.Count == 0)
        {
            throw new ArgumentException("A boundary has at least one parcel.", nameof(parcels));
        }

        var extent = new Envelope();
        foreach (var parcel in parcels)
        {
            extent.ExpandToInclude(parcel.Geometry.EnvelopeInternal);
        }

        var centre = extent.Centre;
        var (longitude, _) = CoordinateTransformer.Transform(centre.X, centre.Y, storageSrid, Cgcs2000Crs.GeographicSrid);
        int zone = Cgcs2000Crs.ZoneOfLongitude(longitude);
        int zoneSrid = Cgcs2000Crs.SridForZone(zone, withZonePrefix: true);

        var body = new StringBuilder();
        bool centimetres = true;
        int point = 0;
        foreach (var parcel in parcels)
        {
            var geometry = CoordinateTransformer.Transform(parcel.Geometry, storageSrid, zoneSrid);
            var rings = new List<Coordinate[]>();
            for (int i = 0; i < geometry.NumGeometries; i++)
            {
                if (geometry.GetGeometryN(i) is not Polygon polygon)
                {
                    throw new ArgumentException($"Parcel {parcel.Number} holds a {geometry.GetGeometryN(i).GeometryType}; only polygons are written.", nameof(parcels));
                }

                rings.Add(polygon.ExteriorRing.Coordinates);
                rings.AddRange(polygon.InteriorRings.Select(r => r.Coordinates));
            }

            // The reader counts the lines, closing points included; so does this header.
            body.Append(CultureInfo.InvariantCulture, $"{rings.Sum(r => r.Length)},{geometry.Area / AreaUnits.SquareMetresPerHectare:0.0000},")
                .Append(Field(parcel.Number)).Append(',').Append(Field(parcel.Name)).Append(",面,,").Append(Field(parcel.DeclaredUse)).Append(",,@\r\n");
            for (int ring = 0; ring < rings.Count; ring++)
            {
                var coordinates = rings[ring];
                int first = point + 1;
                for (int i = 0; i < coordinates.Length; i++)
                {
                    // The closing point repeats the first one, name included.
                    int number = i == coordinates.Length - 1 ? first : ++point;
                    var c = coordinates[i];
                    centimetres &= Math.Abs(c.X * 100 - Math.Round(c.X * 100)) < 1e-6 && Math.Abs(c.Y * 100 - Math.Round(c.Y * 100)) < 1e-6;
                    body.Append(CultureInfo.InvariantCulture, $"J{number},{ring + 1},{Coordinate(c.Y)},{Coordinate(c.X)}\r\n");
                }
            }
        }

        var text = new StringBuilder();
        text.Append("[属性描述]\r\n")
            .Append("格式版本号=1.0\r\n")
            .Append("数据产生单位=").Append(Field(producer)).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"数据产生日期={date:yyyy-MM-dd}\r\n")
            .Append("坐标系=2000国家大地坐标系\r\n")
            .Append("几度分带=3\r\n")
            .Append("投影类型=高斯克吕格\r\n")
            .Append("计量单位=米\r\n")
            .Append(CultureInfo.InvariantCulture, $"带号={zone}\r\n")
            // Surveyed coordinates are given to the centimetre; transformed ones keep their decimals, so that
            // the parcel's area survives the round trip.
            .Append("精度=").Append(centimetres ? "0.01" : "0.000001").Append("\r\n")
            .Append("转换参数=,,,,,,\r\n")
            .Append("[地块坐标]\r\n")
            .Append(body);
        return text.ToString();
    }

    static string Coordinate(double value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>Commas separate fields and "@" ends a header, in either width: neither may appear inside one.</summary>
    static string Field(string? value) =>
        string.IsNullOrEmpty(value)
            ? string.Empty
            : new string(value.Select(c => c is ',' or '，' or '@' or '\r' or '\n' ? ' ' : c).ToArray()).Trim();
}
