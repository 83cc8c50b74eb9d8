using System.Globalization;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Spatial.Boundaries;
using Mediator;
using NetTopologySuite.Geometries;

namespace Approvals.Application.SpatialChecks.ExportBoundaryCoordinateTxt;

/// <summary>
/// The boundary as a 界址点坐标 TXT (GBK, the zone of its longitude in the header): what a surveyor or another
/// system reads, and what our own upload takes back. One parcel per polygon of the stored boundary (touching
/// parcels were merged when it was stored), named after the project.
/// </summary>
public sealed record ExportBoundaryCoordinateTxtQuery(ExportSubject Subject) : IQuery<ExportFile>;

public sealed class ExportBoundaryCoordinateTxtHandler(ApprovalsDbContext db, ActorAccessor actor, TimeProvider clock)
    : IQueryHandler<ExportBoundaryCoordinateTxtQuery, ExportFile>
{
    public async ValueTask<ExportFile> Handle(ExportBoundaryCoordinateTxtQuery query, CancellationToken ct)
    {
        var export = await SpatialExports.LoadAsync(db, actor.Current, query.Subject, withPieces: false, ct);
        var polygons = Enumerable.Range(0, export.Boundary.NumGeometries).Select(i => (Polygon)export.Boundary.GetGeometryN(i)).ToList();
        var parcels = polygons.Select((p, i) => new BoundaryTxtParcel(
            (i + 1).ToString(CultureInfo.InvariantCulture),
            polygons.Count == 1 ? export.ProjectName ?? "地块1" : $"{export.ProjectName ?? "地块"}{i + 1}",
            p)).ToList();
        var content = BoundaryCoordinateTxtWriter.Write(parcels, export.Srid, "用地用矿用林用草预审协同办理系统", LocalDate.Today(clock));
        return new ExportFile(content, $"{export.FileStem}-boundary.txt", "text/plain; charset=gbk");
    }
}
