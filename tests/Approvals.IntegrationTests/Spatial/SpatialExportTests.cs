using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Domain.BaseMaps;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Coordinates;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// A reviewer takes a comparison report out of Approvals: Excel for a written review, GeoJSON and a zipped Shapefile
/// for QGIS or ArcGIS, the 界址点 TXT for a surveyor. What goes out comes back: our own readers read the boundary with
/// the same area, GDAL opens the files, Excel rows are there. Nobody gets an export of a report they may not read.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SpatialExportTests(ApprovalsApp app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // The web host's database is shared with other test classes, which load layers of their own elsewhere.
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers WHERE category_code = 'PBF'") > 0) return;
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            BaseMapCodes.PermanentBasicFarmland, "pbf.geojson", SpatialFixtures.Farmland(), SpatialFixtures.StorageSrid, null, false));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An ad-hoc check of the two-parcel TXT (36 ha over five farmland features), made by a Zezhou reviewer.</summary>
    private async Task<(HttpClient Reviewer, Guid Check, string Exports)> CheckAsync()
    {
        var reviewer = await app.SignedInAs("zezhou.land");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(SpatialFixtures.TwoParcelTxtInZone37());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "红线.txt");
        var created = await reviewer.PostAsync("/api/spatial-checks", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var check = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        return (reviewer, check, $"/api/spatial-checks/{check}/exports");
    }

    private async Task<double> StoredAreaAsync(Guid check) =>
        await app.Database.ScalarAsync<double>($"SELECT ST_Area(boundary) FROM spatial_checks WHERE id = '{check}'");

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string contentType)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.StartsWith(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static Boundary ReadBack(byte[] file) => SpatialFixtures.Read(file);

    /// <summary>ogrinfo's summary of every layer, as a GIS user's first look; the test script installs Debian's gdal-bin.</summary>
    private static string OgrInfo(string path)
    {
        var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-ro", "-so", "-al", path }) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            Assert.Fail("ogrinfo is missing: install Debian's gdal-bin (test.sh does: ensure_packages … gdal-bin)");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"ogrinfo {path} failed: {error}");
            return output.Result;
        }
    }

    private static string TempFile(string name, byte[] content)
    {
        var folder = Path.Combine(Path.GetTempPath(), "approvals-exports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task The_boundary_as_界址点_TXT_is_GBK_in_the_zone_of_its_longitude_and_reads_back_with_the_same_area()
    {
        var (reviewer, check, exports) = await CheckAsync();

        var file = await DownloadAsync(reviewer, $"{exports}/boundary.txt", "text/plain");

        var text = TextDecoding.Gbk.GetString(file);
        Assert.Contains("[属性描述]", text);
        Assert.Contains("带号=37", text); // 112.45°E is zone 37, though the storage CRS is zone 38
        Assert.Contains("[地块坐标]", text);
        var back = ReadBack(file);
        Assert.Equal(4525, back.SourceSrid);
        Assert.Equal(await StoredAreaAsync(check), back.TotalAreaM2, 0.01);
    }

    [Fact]
    public async Task The_boundary_as_a_Shapefile_reads_back_with_the_same_area_and_the_full_zip_opens_in_GDAL()
    {
        var (reviewer, check, exports) = await CheckAsync();

        var boundaryOnly = await DownloadAsync(reviewer, $"{exports}/shapefile.zip?boundaryOnly=true", "application/zip");
        Assert.Equal(await StoredAreaAsync(check), ReadBack(boundaryOnly).TotalAreaM2, 0.01);

        var zip = await DownloadAsync(reviewer, $"{exports}/shapefile.zip", "application/zip");
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            var names = archive.Entries.Select(e => e.FullName).Order().ToList();
            Assert.Equal(["boundary.cpg", "boundary.dbf", "boundary.prj", "boundary.shp", "boundary.shx",
                "hits.cpg", "hits.dbf", "hits.prj", "hits.shp", "hits.shx"], names);
            using var cpg = new StreamReader(archive.GetEntry("hits.cpg")!.Open());
            Assert.Equal("UTF-8", cpg.ReadToEnd());
            using var prj = new StreamReader(archive.GetEntry("boundary.prj")!.Open());
            Assert.True(Cgcs2000Crs.TryFromWkt(prj.ReadToEnd(), out var crs));
            Assert.Equal(SpatialFixtures.StorageSrid, crs.Srid);
        }

        var info = OgrInfo("/vsizip/" + TempFile("export.zip", zip));
        Assert.Contains("Layer name: boundary", info);
        Assert.Contains("Layer name: hits", info);
        Assert.Contains("Feature Count: 5", info); // the five farmland features the boundary crosses
        Assert.Contains("CGCS2000", info);
        foreach (var field in new[] { "cat_code: String", "cat_name: String", "feat_id: String", "feat_name: String", "area_m2: Real", "area_mu: Real" })
            Assert.Contains(field, info);
    }

    [Fact]
    public async Task The_GeoJSON_holds_the_boundary_and_each_hit_piece_in_lon_lat_and_opens_in_GDAL()
    {
        var (reviewer, check, exports) = await CheckAsync();
        var report = JsonDocument.Parse(await reviewer.GetStringAsync($"/api/spatial-checks/{check}")).RootElement;
        var overlaps = report.GetProperty("categories")[0].GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("overlapM2").GetDouble());

        var file = await DownloadAsync(reviewer, $"{exports}/boundary-hits.geojson", "application/geo+json");

        var features = JsonDocument.Parse(file).RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["boundary", "hit", "hit", "hit", "hit", "hit"], features.Select(f => f.GetProperty("properties").GetProperty("kind").GetString()));
        var first = features[0].GetProperty("geometry").GetProperty("coordinates");
        while (first[0].ValueKind == JsonValueKind.Array) first = first[0];
        var lon = first[0].GetDouble();
        Assert.InRange(lon, 112.4, 112.5);
        foreach (var hit in features.Skip(1).Select(f => f.GetProperty("properties")))
        {
            Assert.Equal("PBF", hit.GetProperty("categoryCode").GetString());
            Assert.Equal("永久基本农田", hit.GetProperty("categoryName").GetString());
            Assert.StartsWith("基本农田", hit.GetProperty("featureName").GetString());
            Assert.Equal(overlaps[hit.GetProperty("featureId").GetString()!], hit.GetProperty("areaM2").GetDouble(), 0.01);
        }

        var info = OgrInfo(TempFile("export.geojson", file));
        Assert.Contains("Feature Count: 6", info);
        Assert.Contains("categoryCode: String", info);
    }

    [Fact]
    public async Task The_Excel_workbook_has_the_summary_with_all_15_categories_and_a_row_per_hit_feature()
    {
        var (reviewer, _, exports) = await CheckAsync();

        var file = await DownloadAsync(reviewer, $"{exports}/report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        using var stream = new MemoryStream(file);
        Assert.Equal(["概要", "压占要素"], MiniExcel.GetSheetNames(stream));
        var summary = MiniExcel.Query(stream, useHeaderRow: false, sheetName: "概要").Cast<IDictionary<string, object?>>().ToList();
        string? Cell(IDictionary<string, object?> row, string column) => row.TryGetValue(column, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        var area = summary.Single(r => Cell(r, "A") == "红线面积（公顷）");
        Assert.Equal(36.0, Convert.ToDouble(area["B"], System.Globalization.CultureInfo.InvariantCulture), 2);
        var categories = summary.SkipWhile(r => Cell(r, "A") != "#").Skip(1).TakeWhile(r => !string.IsNullOrEmpty(Cell(r, "A"))).ToList();
        Assert.Equal(15, categories.Count);
        var pbf = categories.Single(r => Cell(r, "B") == "PBF");
        Assert.Equal("是", Cell(pbf, "E"));
        Assert.True(Convert.ToDouble(pbf["F"], System.Globalization.CultureInfo.InvariantCulture) > 0, "the overlap is a number");
        Assert.Equal("5", Cell(pbf, "L"));
        Assert.Contains(summary, r => Cell(r, "A") == "审查意见提示");

        stream.Position = 0;
        var hits = MiniExcel.Query(stream, useHeaderRow: false, sheetName: "压占要素").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("要素编号", Cell(hits[0], "C"));
        Assert.Equal(5, hits.Count - 1);
        Assert.All(hits.Skip(1), r => Assert.Equal("PBF", Cell(r, "A")));

        // Another spreadsheet reader than the one that wrote it: GDAL's XLSX driver opens the workbook (GDAL 3.6 lists
        // only the first of MiniExcel's sheets, so the second is read above with MiniExcel alone).
        var info = OgrInfo(TempFile("report.xlsx", file));
        Assert.Contains("Layer name: 概要", info);
    }

    [Fact]
    public async Task In_English_the_workbook_speaks_English()
    {
        var (reviewer, _, exports) = await CheckAsync();

        var file = await DownloadAsync(reviewer, $"{exports}/report.xlsx?culture=en", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        using var stream = new MemoryStream(file);
        Assert.Equal(["Summary", "Hit features"], MiniExcel.GetSheetNames(stream));
        var summary = MiniExcel.Query(stream, useHeaderRow: false, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(summary, r => Equals(r["C"], "Permanent basic farmland"));
    }

    [Fact]
    public async Task Nobody_gets_an_export_of_a_check_they_may_not_read_and_a_wrong_address_is_a_404()
    {
        var (_, check, exports) = await CheckAsync();
        var stranger = await app.SignedInAs("yangqu.land");
        var admin = await app.SignedInAs("admin");
        string[] formats = ["report.xlsx", "boundary-hits.geojson", "shapefile.zip", "boundary.txt"];

        foreach (var format in formats)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{exports}/{format}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/spatial-checks/{Guid.NewGuid()}/exports/{format}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/cases/{Guid.NewGuid()}/spatial-report/exports/{format}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/spatial-checks/not-a-check/exports/{format}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"{exports}/{format}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{exports}/{format}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{exports}/report.docx")).StatusCode);
        _ = check;
    }

    [Fact]
    public async Task A_cases_report_is_exported_from_the_case_page_for_those_who_may_see_the_case()
    {
        var cases = new CaseDriver(app);
        var applicant = await app.SignedInAs("applicant");
        var (caseId, number) = await cases.SubmitAsync(applicant, county: "140122", boundary: CaseDriver.Square(west: 112.67, south: 38.06));
        await cases.CompleteOkAsync(await app.SignedInAs("yangqu.clerk"), caseId, "Accept", "Acceptance");
        await cases.WaitForSpatialCheckAsync(caseId);
        var exports = $"/api/cases/{caseId}/spatial-report/exports";
        var reviewer = await app.SignedInAs("yangqu.land");

        var page = await reviewer.GetStringAsync($"/cases/{caseId}");
        Assert.Contains($"{exports}/report.xlsx", page);
        var txt = await DownloadAsync(reviewer, $"{exports}/boundary.txt", "text/plain");
        var stored = await app.Database.ScalarAsync<double>($"SELECT ST_Area(boundary) FROM cases WHERE id = '{caseId}'");
        Assert.Equal(stored, ReadBack(txt).TotalAreaM2, 0.01);
        using var workbook = new MemoryStream(await DownloadAsync(applicant, $"{exports}/report.xlsx", "application/vnd.openxmlformats"));
        Assert.Contains(MiniExcel.Query(workbook, useHeaderRow: false, sheetName: "概要").Cast<IDictionary<string, object?>>(), r => Equals(r["B"], number));

        var otherCounty = await app.SignedInAs("zezhou.land");
        Assert.Equal(HttpStatusCode.NotFound, (await otherCounty.GetAsync($"{exports}/report.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCounty.GetAsync($"{exports}/shapefile.zip")).StatusCode);
    }

    [Fact]
    public async Task The_report_page_links_its_exports()
    {
        var (reviewer, check, exports) = await CheckAsync();

        var page = await reviewer.GetStringAsync($"/spatial-checks/{check}");

        foreach (var link in new[] { "report.xlsx", "boundary-hits.geojson", "shapefile.zip", "shapefile.zip?boundaryOnly=true", "boundary.txt" })
            Assert.Contains($"href=\"{exports}/{link}\"", page);
    }
}
