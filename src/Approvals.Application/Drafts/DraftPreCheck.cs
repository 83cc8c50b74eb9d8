using System.Text;
using System.Text.Json;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.Jurisdictions;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Approvals.Application.Drafts;

/// <summary>
/// The instant pre-check of a draft: its boundary read and overlaid on the base maps with the uses asked
/// for, so the applicant sees before submitting which reviews and which level the case will need.
/// </summary>
public static class DraftPreCheck
{
    /// <summary>Reads a boundary file; a file the readers refuse is a 400 on the field "boundary" naming parcel, ring and point.</summary>
    public static Boundary Read(BoundaryReader reader, byte[] file, string? fileName, int? srid)
    {
        var read = reader.Read(file, fileName, srid);
        if (!read.Succeeded)
            throw new ValidationException(read.Errors.Select(e => new ValidationFailure("boundary", Bilingual.Text(e.MessageZh, e.MessageEn))));
        return read.Boundary!;
    }

    /// <summary>
    /// Checks the draft's boundary with its uses and keeps the check's id on the draft (saved by the caller).
    /// The check it replaces goes: it was only ever this draft's, and nobody else should come to read it.
    /// </summary>
    public static async Task RunAsync(ApprovalsDbContext db, IMediator mediator, BoundaryReader reader, Draft draft, CancellationToken ct)
    {
        var boundary = Read(reader, draft.BoundaryFile!, draft.BoundaryFileName, draft.BoundarySrid);
        var level = draft.DeclaredApprovalLevel ?? JurisdictionLevel.County;
        var uses = draft.Uses.Select(u => u.ToUseRequest(level, draft.NationalKeyProject)).ToList();
        var check = await mediator.Send(new CheckBoundaryCommand(boundary, draft.BoundaryFileName, uses, CountyCode: draft.CountyCode), ct);
        if (draft.SpatialCheckId is { } replaced && replaced != check.Id) await ForgetAsync(db, replaced, ct);
        draft.SpatialCheckId = check.Id;
        draft.BoundaryAreaM2 = (double)check.Report.Boundary.AreaM2;
    }

    /// <summary>Deletes a draft's pre-check nothing needs any more (replaced by a new one, or its draft discarded).</summary>
    public static async Task ForgetAsync(ApprovalsDbContext db, Guid checkId, CancellationToken ct)
    {
        if (await db.SpatialChecks.FindAsync([checkId], ct) is { } check) db.SpatialChecks.Remove(check);
    }

    /// <summary>
    /// The draft's boundary in the form a case submission takes: the 界址点 text as text, GeoJSON as it
    /// is, and a zipped Shapefile (which the submission does not take) as GeoJSON in the storage CRS.
    /// </summary>
    public static (JsonElement? GeoJson, string? Text, int? Srid) ForSubmission(BoundaryReader reader, byte[] file, string? fileName, int? srid)
    {
        switch (BoundaryReader.Detect(file))
        {
            case BoundaryFormat.CoordinateTxt:
                return (null, TextDecoding.Decode(file), srid);
            case BoundaryFormat.GeoJson:
                try
                {
                    using var document = GeoJsonBoundaryReader.Parse(file);
                    return (document.RootElement.Clone(), null, srid);
                }
                catch (JsonException)
                {
                    Read(reader, file, fileName, srid); // names what is wrong with it
                    throw;
                }
            default:
                var boundary = Read(reader, file, fileName, srid);
                var union = UnaryUnionOp.Union(boundary.Parcels.Select(p => p.Geometry).ToList());
                using (var document = JsonDocument.Parse(GeoJsonOf(union)))
                    return (document.RootElement.Clone(), null, boundary.StorageSrid);
        }
    }

    private static string GeoJsonOf(Geometry geometry)
    {
        var polygons = Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().ToList();
        var coordinates = polygons.Select(p => new[] { p.ExteriorRing }.Concat(p.InteriorRings)
            .Select(r => r.Coordinates.Select(c => new[] { c.X, c.Y }).ToArray()).ToArray()).ToArray();
        return JsonSerializer.Serialize(new { type = "MultiPolygon", coordinates });
    }
}
