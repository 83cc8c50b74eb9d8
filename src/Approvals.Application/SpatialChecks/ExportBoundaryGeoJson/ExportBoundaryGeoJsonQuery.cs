using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Spatial.Coordinates;
using Mediator;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Approvals.Application.SpatialChecks.ExportBoundaryGeoJson;

/// <summary>
/// The boundary and the hit pieces as one GeoJSON FeatureCollection in longitude/latitude (EPSG:4490, which
/// RFC 7946 readers take as WGS 84: the two differ by centimetres). Each feature says what it is
/// (<c>kind</c>: boundary or hit); a hit piece names its category and feature and carries its area.
/// </summary>
public sealed record ExportBoundaryGeoJsonQuery(ExportSubject Subject) : IQuery<ExportFile>;

public sealed class ExportBoundaryGeoJsonHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<ExportBoundaryGeoJsonQuery, ExportFile>
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new GeoJsonConverterFactory() },
        // Chinese names stay readable for whoever opens the file in an editor.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async ValueTask<ExportFile> Handle(ExportBoundaryGeoJsonQuery query, CancellationToken ct)
    {
        var export = await SpatialExports.LoadAsync(db, actor.Current, query.Subject, withPieces: true, ct);
        var collection = new FeatureCollection
        {
            new Feature(CoordinateTransformer.Transform(export.Boundary, export.Srid, Cgcs2000Crs.GeographicSrid), new AttributesTable
            {
                { "kind", "boundary" },
                { "caseNumber", export.CaseNumber },
                { "project", export.ProjectName },
                { "areaM2", export.Report.Boundary.AreaM2 },
                { "areaHa", export.Report.Boundary.AreaHa },
                { "areaMu", export.Report.Boundary.AreaMu },
            }),
        };
        foreach (var piece in export.Pieces)
        {
            collection.Add(new Feature(CoordinateTransformer.Transform(piece.Geometry, export.Srid, Cgcs2000Crs.GeographicSrid), new AttributesTable
            {
                { "kind", "hit" },
                { "categoryCode", piece.Category.Code },
                { "categoryName", piece.Category.Name },
                { "categoryNameEn", piece.Category.NameEn },
                { "featureId", piece.Feature.Id },
                { "featureName", piece.Feature.Name },
                { "areaM2", Math.Round((decimal)piece.AreaM2, 2) },
                { "areaHa", Math.Round((decimal)piece.AreaM2 / 10_000m, 4) },
                { "areaMu", Math.Round((decimal)piece.AreaM2 * 15m / 10_000m, 2) },
            }));
        }
        var json = JsonSerializer.Serialize(collection, Options);
        return new ExportFile(Encoding.UTF8.GetBytes(json), $"{export.FileStem}-boundary-hits.geojson", "application/geo+json");
    }
}
