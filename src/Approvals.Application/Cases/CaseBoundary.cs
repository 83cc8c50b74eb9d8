using System.Text;
using System.Text.Json;
using Approvals.Application.Localization;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using FluentValidation.Results;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Approvals.Application.Cases;

/// <summary>
/// A boundary given with an application (a GeoJSON object or the 界址点 coordinate text): the file as
/// kept with the case, the parcels as read, and their union in the storage CRS. A boundary the readers
/// refuse is a 400 on the field "boundary" naming parcel, ring and point.
/// </summary>
public sealed record CaseBoundary(byte[] File, string FileName, int? SourceSrid, Boundary Boundary, MultiPolygon Geometry)
{
    public static CaseBoundary Read(BoundaryReader reader, JsonElement? geoJson, string? coordinateText, int? sourceSrid)
    {
        var (bytes, fileName) = geoJson is { } json
            // The JSON's own UTF-8 bytes, copied once (not through a string).
            ? (System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(json).ToArray(), "boundary.geojson")
            : (Encoding.UTF8.GetBytes(coordinateText ?? ""), "boundary.txt");
        var read = reader.Read(bytes, fileName, sourceSrid);
        if (!read.Succeeded)
            throw new ValidationException(read.Errors.Select(e => new ValidationFailure("boundary", Bilingual.Text(e.MessageZh, e.MessageEn))));
        var union = UnaryUnionOp.Union(read.Boundary!.Parcels.Select(p => p.Geometry).ToList());
        var geometry = union as MultiPolygon ?? new MultiPolygon([(Polygon)union]);
        geometry.SRID = read.Boundary.StorageSrid;
        return new CaseBoundary(bytes, fileName, sourceSrid, read.Boundary, geometry);
    }

    public void ApplyTo(Case c)
    {
        c.BoundaryFile = File;
        c.BoundaryFileName = FileName;
        c.BoundarySourceSrid = SourceSrid;
        c.Boundary = Geometry;
        c.BoundaryAreaM2 = Boundary.TotalAreaM2;
    }
}
