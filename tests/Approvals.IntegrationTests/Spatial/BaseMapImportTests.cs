using System.IO.Compression;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.BaseMaps;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>Import: one transaction, repairs counted, refusals named, versions and --replace.</summary>
public sealed class BaseMapImportTests(SpatialServices app) : IClassFixture<SpatialServices>
{
    [Fact]
    public async Task A_bad_feature_refuses_the_whole_file_and_leaves_the_previous_version_intact()
    {
        var first = await app.Import(BaseMapCodes.Wetland, SpatialFixtures.Collection(
            SpatialFixtures.Feature("w1", SpatialFixtures.Polygon(SpatialFixtures.Ring(0, 0, 100, 100)))));
        var bad = SpatialFixtures.Collection(
            SpatialFixtures.Feature("good", SpatialFixtures.Polygon(SpatialFixtures.Ring(0, 0, 300, 300))),
            SpatialFixtures.Feature("line-9", """{"type":"LineString","coordinates":[[38350000,3930000],[38350100,3930100]]}"""));

        var error = await Assert.ThrowsAsync<RefusedFeaturesException>(() => app.Import(BaseMapCodes.Wetland, bad, replace: true));

        Assert.Equal(["line-9"], error.Refused.Select(r => r.FeatureId));
        Assert.Contains(error.Errors, e => e.ErrorMessage.Contains("line-9", StringComparison.Ordinal) && e.ErrorMessage.Contains("LineString", StringComparison.Ordinal));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers WHERE category_code = 'WET'"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_features WHERE category_code = 'WET'"));
        Assert.True(await app.Database.ScalarAsync<bool>($"SELECT is_current FROM base_map_layers WHERE id = '{first.LayerId}'"));
    }

    [Fact]
    public async Task A_database_failure_midway_rolls_back_the_layer_and_its_features()
    {
        // A feature with an attribute text PostgreSQL refuses (NUL) fails inside COPY, after the layer row was written.
        var poisoned = SpatialFixtures.Collection(
            SpatialFixtures.Feature("ok", SpatialFixtures.Polygon(SpatialFixtures.Ring(0, 0, 50, 50))),
            SpatialFixtures.Feature("nul", SpatialFixtures.Polygon(SpatialFixtures.Ring(100, 100, 150, 150)), """{"name":"bad\u0000name"}"""));
        var layersBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers");
        var auditBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_entries");

        await Assert.ThrowsAnyAsync<Exception>(() => app.Import(BaseMapCodes.GeologicalHazard, poisoned));

        Assert.Equal(layersBefore, await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_features WHERE category_code = 'GHZ'"));
        Assert.Equal(auditBefore, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_entries"));
    }

    [Fact]
    public async Task Invalid_polygons_are_repaired_and_counted()
    {
        var origin = SpatialFixtures.Origin;
        // A bow-tie: the ring crosses itself in the middle.
        var bowTie = FormattableString.Invariant($$"""{"type":"Polygon","coordinates":[[[{{origin.X}},{{origin.Y}}],[{{origin.X + 100}},{{origin.Y + 100}}],[{{origin.X + 100}},{{origin.Y}}],[{{origin.X}},{{origin.Y + 100}}],[{{origin.X}},{{origin.Y}}]]]}""");
        var result = await app.Import(BaseMapCodes.DrinkingWaterSource, SpatialFixtures.Collection(
            SpatialFixtures.Feature("bow", bowTie),
            SpatialFixtures.Feature("fine", SpatialFixtures.Polygon(SpatialFixtures.Ring(200, 200, 300, 300)))));

        Assert.Equal(1, result.RepairedCount);
        Assert.Equal(2, result.FeatureCount);
        Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT repaired_count FROM base_map_layers WHERE id = '{result.LayerId}'"));
        Assert.True(await app.Database.ScalarAsync<bool>("SELECT bool_and(ST_IsValid(geometry)) FROM base_map_features WHERE category_code = 'DWS'"));
        // Both triangles of the bow-tie are kept: 2 × 2,500 m².
        Assert.Equal(5_000.0, Math.Round(await app.Database.ScalarAsync<double>("SELECT area_m2 FROM base_map_features WHERE source_id = 'bow'"), 3));
    }

    [Fact]
    public async Task Replace_supersedes_the_current_version_while_a_plain_import_adds_to_it()
    {
        var v1 = await app.Import(BaseMapCodes.UrbanDevelopmentBoundary, SpatialFixtures.Collection(
            SpatialFixtures.Feature("u1", SpatialFixtures.Polygon(SpatialFixtures.Ring(0, 0, 100, 100)))));
        var v2 = await app.Import(BaseMapCodes.UrbanDevelopmentBoundary, SpatialFixtures.Collection(
            SpatialFixtures.Feature("u2", SpatialFixtures.Polygon(SpatialFixtures.Ring(100, 0, 200, 100)))));
        var boundary = SpatialFixtures.Read(SpatialFixtures.BoundaryInStorageCrs(), SpatialFixtures.StorageSrid);

        var both = await app.Send(new CheckBoundaryCommand(boundary, Store: false));
        Assert.Equal(2, v2.Version);
        Assert.Empty(v2.Superseded);
        // u1 ∩ boundary = 50 × 50; u2 ∩ boundary = 100 × 50: both current versions count.
        Assert.Equal(2_500m + 5_000m, both.Report.Categories.Single(c => c.Code == "UDB").OverlapM2);

        var v3 = await app.Import(BaseMapCodes.UrbanDevelopmentBoundary, SpatialFixtures.Collection(
            SpatialFixtures.Feature("u3", SpatialFixtures.Polygon(SpatialFixtures.Ring(400, 400, 500, 500)))), replace: true);
        var after = await app.Send(new CheckBoundaryCommand(boundary, Store: false));

        Assert.Equal(3, v3.Version);
        Assert.Equal(new[] { v1.LayerId, v2.LayerId }.Order(), v3.Superseded.Order());
        Assert.Equal(10_000m, after.Report.Categories.Single(c => c.Code == "UDB").OverlapM2);
        // Superseded versions keep their features (stored reports name them) but leave the overlay index.
        Assert.Equal(3L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_features WHERE category_code = 'UDB'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_feature_parts WHERE layer_id IN ('{v1.LayerId}', '{v2.LayerId}')"));
        Assert.Equal(2L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE entity_type = 'BaseMapLayer' AND action = 'Modified'"));
    }

    [Fact]
    public async Task A_zipped_shapefile_with_GBK_attributes_and_a_prj_is_imported_in_its_own_zone()
    {
        var zip = ShapefileZip(4525, ("保护区一", 0, 0, 100, 100));

        var result = await app.Send(new ImportBaseMapLayerCommand(BaseMapCodes.NaturePark, "parks.zip", zip, null, "MC", Replace: false));

        Assert.Equal(1, result.FeatureCount);
        Assert.Equal("保护区一", await app.Database.ScalarAsync<string>($"SELECT name FROM base_map_features WHERE layer_id = '{result.LayerId}'"));
        Assert.Equal(4525, await app.Database.ScalarAsync<int>($"SELECT source_srid FROM base_map_layers WHERE id = '{result.LayerId}'"));
        Assert.Equal(10_000.0, Math.Round(await app.Database.ScalarAsync<double>($"SELECT area_m2 FROM base_map_features WHERE layer_id = '{result.LayerId}'")), 0);
    }

    [Fact]
    public async Task A_GeoPackage_is_imported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"approvals-test-{Guid.NewGuid():N}.gpkg");
        try
        {
            WriteGeoPackage(path, "mines", 4526, ("采矿权 A", SquareInStorage(0, 0, 200, 100)));
            var result = await app.Send(new ImportBaseMapLayerCommand(BaseMapCodes.MineralRights, "mines.gpkg", await File.ReadAllBytesAsync(path), null, "名称", Replace: false));

            Assert.Equal(1, result.FeatureCount);
            Assert.Equal("采矿权 A", await app.Database.ScalarAsync<string>($"SELECT name FROM base_map_features WHERE layer_id = '{result.LayerId}'"));
            Assert.Equal(20_000.0, Math.Round(await app.Database.ScalarAsync<double>($"SELECT area_m2 FROM base_map_features WHERE layer_id = '{result.LayerId}'")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static Polygon SquareInStorage(double x0, double y0, double x1, double y1)
    {
        var (ox, oy) = SpatialFixtures.Origin;
        return new GeometryFactory(new PrecisionModel(), 4526).CreatePolygon(
            [new(ox + x0, oy + y0), new(ox + x0, oy + y1), new(ox + x1, oy + y1), new(ox + x1, oy + y0), new(ox + x0, oy + y0)]);
    }

    private static byte[] ShapefileZip(int srid, params (string Name, double X0, double Y0, double X1, double Y1)[] squares)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var folder = Directory.CreateTempSubdirectory("approvals-shp-");
        try
        {
            var features = squares.Select(s =>
            {
                var storage = SquareInStorage(s.X0, s.Y0, s.X1, s.Y1);
                var geometry = Approvals.Spatial.Coordinates.CoordinateTransformer.Transform(storage, 4526, srid);
                return (IFeature)new Feature(geometry, new AttributesTable { { "MC", s.Name } });
            }).ToList();
            var shp = Path.Combine(folder.FullName, "parks.shp");
            Shapefile.WriteAllFeatures(features, shp, encoding: System.Text.Encoding.GetEncoding(936));
            // The .prj of CGCS2000 / 3-degree zone 37 with zone prefix, as ArcGIS writes it.
            File.WriteAllText(Path.Combine(folder.FullName, "parks.prj"),
                """PROJCS["CGCS2000_3_Degree_GK_Zone_37",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",37500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""");
            File.Delete(Path.Combine(folder.FullName, "parks.cpg"));
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var file in folder.GetFiles())
                    zip.CreateEntryFromFile(file.FullName, file.Name);
            return buffer.ToArray();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void WriteGeoPackage(string path, string table, int srid, params (string Name, Geometry Geometry)[] features)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"""
                CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, srs_id INTEGER);
                CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
                CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, 名称 TEXT);
                INSERT INTO gpkg_contents VALUES ('{table}', 'features', '{table}', {srid});
                INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', 'POLYGON', {srid}, 0, 0);
                """;
            create.ExecuteNonQuery();
        }
        var writer = new GeoPackageGeoWriter();
        foreach (var (name, geometry) in features)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {table} (geom, 名称) VALUES ($g, $n)";
            insert.Parameters.AddWithValue("$g", writer.Write(geometry));
            insert.Parameters.AddWithValue("$n", name);
            insert.ExecuteNonQuery();
        }
    }
}
