using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.ExportBoundaryCoordinateTxt;
using Approvals.Application.SpatialChecks.ExportBoundaryGeoJson;
using Approvals.Application.SpatialChecks.ExportBoundaryShapefile;
using Approvals.Application.SpatialChecks.ExportReportWorkbook;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>
/// Downloads of a comparison report for GIS tools and written reviews: Excel, GeoJSON, zipped Shapefile and
/// 界址点 TXT, of a stored check (<c>/api/spatial-checks/{id}/exports/…</c>, the report page) or of a case's
/// current report (<c>/api/cases/{id}/spatial-report/exports/…</c>, the case page). Each is read under the same
/// rule as the report itself: to anyone else it does not exist (404).
/// </summary>
public static class SpatialExportEndpoints
{
    public static IEndpointRouteBuilder MapSpatialExportEndpoints(this IEndpointRouteBuilder app)
    {
        Map(app.MapGroup("/api/spatial-checks/{id:guid}/exports").WithTags("Spatial checks").RequireAuthorization(), ExportSubject.OfCheck, "the stored check");
        Map(app.MapGroup("/api/cases/{id:guid}/spatial-report/exports").WithTags("Cases").RequireAuthorization(), ExportSubject.OfCase, "the case's current report");
        return app;
    }

    private static void Map(RouteGroupBuilder group, Func<Guid, ExportSubject> subject, string of)
    {
        group.MapGet("/report.xlsx", async (Guid id, IMediator m, CancellationToken ct) => File(await m.Send(new ExportReportWorkbookQuery(subject(id)), ct)))
            .WithSummary($"The comparison report of {of} as an Excel workbook: a summary sheet and a sheet of the hit features.");
        group.MapGet("/boundary-hits.geojson", async (Guid id, IMediator m, CancellationToken ct) => File(await m.Send(new ExportBoundaryGeoJsonQuery(subject(id)), ct)))
            .WithSummary($"The boundary and the hit pieces of {of} as GeoJSON (EPSG:4490 lon/lat).");
        group.MapGet("/shapefile.zip", async (Guid id, bool? boundaryOnly, IMediator m, CancellationToken ct) =>
                File(await m.Send(new ExportBoundaryShapefileQuery(subject(id), boundaryOnly ?? false), ct)))
            .WithSummary($"The boundary and the hit pieces of {of} as a zip of boundary.shp and hits.shp (storage CRS .prj, UTF-8 .cpg); ?boundaryOnly=true: only boundary.shp, a zip that can be uploaded again.");
        group.MapGet("/boundary.txt", async (Guid id, IMediator m, CancellationToken ct) => File(await m.Send(new ExportBoundaryCoordinateTxtQuery(subject(id)), ct)))
            .WithSummary($"The boundary of {of} as a 界址点坐标 TXT (GBK, the 3-degree zone of its longitude).");
    }

    private static IResult File(ExportFile file) => Results.File(file.Content, file.ContentType, file.FileName);
}
