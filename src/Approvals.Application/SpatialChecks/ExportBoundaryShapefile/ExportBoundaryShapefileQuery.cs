using System.IO.Compression;
using System.Text;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Spatial.Coordinates;
using Mediator;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace Approvals.Application.SpatialChecks.ExportBoundaryShapefile;

/// <summary>
/// The boundary and the hit pieces as a zip of two polygon shapefiles, boundary.shp (one record per parcel) and
/// hits.shp (one record per feature piece), in the storage CRS (.prj), attributes in UTF-8 (.cpg) under names of
/// at most 10 characters (DBF's limit). <paramref name="BoundaryOnly"/> leaves hits.shp out: such a zip holds one
/// shapefile, as a boundary upload must, so it can be uploaded again (e.g. after editing it in QGIS).
/// </summary>
public sealed record ExportBoundaryShapefileQuery(ExportSubject Subject, bool BoundaryOnly = false) : IQuery<ExportFile>;

public sealed class ExportBoundaryShapefileHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<ExportBoundaryShapefileQuery, ExportFile>
{
    public async ValueTask<ExportFile> Handle(ExportBoundaryShapefileQuery query, CancellationToken ct)
    {
        var export = await SpatialExports.LoadAsync(db, actor.Current, query.Subject, withPieces: !query.BoundaryOnly, ct);
        var projection = Cgcs2000Crs.FromSrid(export.Srid).EsriWkt;
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var boundary = new ShapefileWriterOptions(ShapeType.Polygon) { Encoding = Encoding.UTF8, Projection = projection };
            boundary.AddCharacterField("parcel", 10);
            boundary.AddCharacterField("case_no", 32);
            boundary.AddCharacterField("project", 254);
            boundary.AddNumericDoubleField("area_m2");
            boundary.AddNumericDoubleField("area_ha");
            boundary.AddNumericDoubleField("area_mu");
            Add(archive, "boundary", boundary, Enumerable.Range(0, export.Boundary.NumGeometries).Select(i =>
            {
                var parcel = export.Boundary.GetGeometryN(i);
                return Feature(parcel, new AttributesTable
                {
                    { "parcel", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    { "case_no", export.CaseNumber ?? "" }, { "project", export.ProjectName ?? "" },
                    { "area_m2", Math.Round(parcel.Area, 2) }, { "area_ha", Math.Round(parcel.Area / 10_000, 4) },
                    { "area_mu", Math.Round(parcel.Area * 15 / 10_000, 2) },
                });
            }));
            if (!query.BoundaryOnly)
            {
                var hits = new ShapefileWriterOptions(ShapeType.Polygon) { Encoding = Encoding.UTF8, Projection = projection };
                hits.AddCharacterField("cat_code", 8);
                hits.AddCharacterField("cat_name", 100);
                hits.AddCharacterField("cat_nameen", 100);
                hits.AddCharacterField("feat_id", 32);
                hits.AddCharacterField("feat_name", 254);
                hits.AddNumericDoubleField("area_m2");
                hits.AddNumericDoubleField("area_ha");
                hits.AddNumericDoubleField("area_mu");
                Add(archive, "hits", hits, export.Pieces.Select(p => Feature(p.Geometry, new AttributesTable
                {
                    { "cat_code", p.Category.Code }, { "cat_name", p.Category.Name }, { "cat_nameen", p.Category.NameEn },
                    { "feat_id", p.Feature.Id }, { "feat_name", p.Feature.Name ?? "" },
                    { "area_m2", Math.Round(p.AreaM2, 2) }, { "area_ha", Math.Round(p.AreaM2 / 10_000, 4) },
                    { "area_mu", Math.Round(p.AreaM2 * 15 / 10_000, 2) },
                })));
            }
        }
        return new ExportFile(zip.ToArray(), $"{export.FileStem}-{(query.BoundaryOnly ? "boundary" : "boundary-hits")}.shp.zip", "application/zip");
    }

    /// <summary>Shapefiles hold one kind of shape per file: a piece cut as a single polygon is written as a multipolygon of one.</summary>
    private static Feature Feature(Geometry geometry, AttributesTable attributes) =>
        new(geometry is Polygon p ? geometry.Factory.CreateMultiPolygon([p]) : geometry, attributes);

    /// <summary>Writes one shapefile (.shp, .shx, .dbf, .prj, and a .cpg naming the attributes' encoding) into the zip.</summary>
    private static void Add(ZipArchive archive, string name, ShapefileWriterOptions options, IEnumerable<Feature> features)
    {
        using var shp = new MemoryStream();
        using var shx = new MemoryStream();
        using var dbf = new MemoryStream();
        using var prj = new MemoryStream();
        using (var writer = Shapefile.OpenWrite(shp, shx, dbf, prj, options))
            writer.Write(features);
        foreach (var (extension, stream) in new[] { (".shp", shp), (".shx", shx), (".dbf", dbf), (".prj", prj) })
        {
            using var entry = archive.CreateEntry(name + extension).Open();
            entry.Write(stream.ToArray());
        }
        using var cpg = archive.CreateEntry(name + ".cpg").Open();
        cpg.Write("UTF-8"u8);
    }
}
