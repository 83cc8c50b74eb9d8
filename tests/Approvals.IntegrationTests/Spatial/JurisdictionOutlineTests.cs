using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Approvals.Application.Jurisdictions;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.IntegrationTests.Workflow;
using FluentValidation;
using NetTopologySuite.Geometries;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// County and city outlines: imported with `approvals jurisdictions import` (one transaction, bad rows named), and the
/// outline, not the county's box, is what a boundary is measured against once it is there.
/// </summary>
public sealed class JurisdictionOutlineTests(SpatialServices app) : IClassFixture<SpatialServices>
{
    /// <summary>A lon/lat rectangle as a GeoJSON feature with the code in XZQDM.</summary>
    private static string Feature(string id, object code, double west, double south, double east, double north)
    {
        var codeJson = code is string s ? "\"" + s + "\"" : Convert.ToString(code, CultureInfo.InvariantCulture);
        var ring = FormattableString.Invariant($"[[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]]");
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{\"XZQDM\":" + codeJson + ",\"XZQMC\":\"" + id
            + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + ring + "}}";
    }

    private static string Collection(params string[] features) => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    /// <summary>Zezhou's outline for these tests: the part of its demo box east of 112.80°E and south of 35.55°N.</summary>
    private static string ZezhouOutline => Feature("zezhou", "140525", 112.80, 35.20, 113.25, 35.55);

    [Fact]
    public async Task An_administrator_imports_county_and_city_outlines_keyed_by_their_code()
    {
        var (exit, output, error) = await RunApprovals(Collection(ZezhouOutline, Feature("jincheng", 140500, 112.0, 35.2, 113.25, 36.05)));

        Assert.True(exit == 0, error);
        Assert.Contains("2 outline(s) imported", output);
        Assert.Equal(2L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM jurisdiction_outlines WHERE code IN ('140525', '140500')"));
        // Stored like the base maps: a valid MultiPolygon in the storage CRS, with the file it came from.
        Assert.Equal(SpatialFixtures.StorageSrid, await app.Database.ScalarAsync<int>("SELECT ST_SRID(geometry) FROM jurisdiction_outlines WHERE code = '140525'"));
        Assert.Equal("ST_MultiPolygon", await app.Database.ScalarAsync<string>("SELECT ST_GeometryType(geometry) FROM jurisdiction_outlines WHERE code = '140525'"));
        Assert.StartsWith("outlines", await app.Database.ScalarAsync<string>("SELECT source FROM jurisdiction_outlines WHERE code = '140500'"));
    }

    [Fact]
    public async Task A_file_with_an_unknown_code_or_an_invalid_outline_is_refused_whole_and_each_bad_row_is_named()
    {
        await RunApprovals(Collection(Feature("yangcheng", "140522", 112.0, 35.2, 112.7, 35.72)));
        var before = await app.Database.ScalarAsync<string>("SELECT ST_AsText(geometry) FROM jurisdiction_outlines WHERE code = '140522'");
        const string bowTie = """{"type":"Feature","id":"gaoping","properties":{"XZQDM":"140581"},"geometry":{"type":"Polygon","coordinates":[[[112.7,35.6],[113.2,36.05],[113.2,35.6],[112.7,36.05],[112.7,35.6]]]}}""";

        var (exit, output, error) = await RunApprovals(Collection(
            Feature("yangcheng", "140522", 112.1, 35.3, 112.6, 35.6), Feature("nowhere", "999999", 112.0, 35.0, 112.1, 35.1), bowTie));

        Assert.Equal(2, exit);
        Assert.Equal("", output.Trim());
        Assert.Contains("有 2 个要素无法导入", error);
        Assert.Contains("要素 nowhere：行政区划代码“999999”不是本系统登记的县或市", error);
        Assert.Contains("要素 gaoping：几何无效", error);
        // Nothing written: the good row in the same file did not replace Yangcheng's outline, Gaoping has none.
        Assert.Equal(before, await app.Database.ScalarAsync<string>("SELECT ST_AsText(geometry) FROM jurisdiction_outlines WHERE code = '140522'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM jurisdiction_outlines WHERE code = '140581'"));
    }

    [Fact]
    public async Task Once_a_county_has_an_outline_the_pre_check_says_how_much_lies_outside_it_and_submission_is_refused()
    {
        var (exit, _, error) = await RunApprovals(Collection(ZezhouOutline));
        Assert.True(exit == 0, error);
        // 200 m × 100 m straddling the outline's west edge at 112.80°E: inside Zezhou's box, half outside its outline.
        var straddling = Boundary(CaseDriver.Rectangle(112.80 - 100 / (111_320.0 * Math.Cos(35.5 * Math.PI / 180)), 35.50, 200, 100));
        var inside = Boundary(CaseDriver.Square(112.85, 35.50));

        var report = (await app.Send(new CheckBoundaryCommand(straddling, Store: false, CountyCode: "140525"))).Report;
        var fine = (await app.Send(new CheckBoundaryCommand(inside, Store: false, CountyCode: "140525"))).Report;

        Assert.InRange(report.County!.OutsideHa, 0.99m, 1.01m);
        Assert.Contains(report.Warnings, w => w.StartsWith("红线有 1.00 公顷位于所选的泽州县范围之外", StringComparison.Ordinal));
        Assert.Equal(0m, fine.County!.OutsideHa);
        await using var db = app.Database.CreateDbContext();
        var union = (MultiPolygon)new GeometryFactory(new PrecisionModel(), SpatialFixtures.StorageSrid).CreateMultiPolygon(
            straddling.Parcels.Select(p => (Polygon)p.Geometry).ToArray());
        var refused = await Assert.ThrowsAsync<ValidationException>(() => CountyFit.EnsureWithinAsync(db, "140525", union, CancellationToken.None));
        Assert.Equal("boundary", Assert.Single(refused.Errors).PropertyName);
    }

    private static Approvals.Spatial.Boundaries.Boundary Boundary(JsonObject geoJson) =>
        SpatialFixtures.Read(Encoding.UTF8.GetBytes(geoJson.ToJsonString()), 4490);

    private async Task<(int ExitCode, string Output, string Error)> RunApprovals(string geoJson)
    {
        var file = Path.Combine(Path.GetTempPath(), $"outlines-{Guid.NewGuid():N}.geojson");
        await File.WriteAllTextAsync(file, geoJson);
        try
        {
            var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "approvals.dll")}\" jurisdictions import --file \"{file}\" --code-field XZQDM")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.Environment["APPROVALS_DB"] = app.Database.ConnectionString;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
