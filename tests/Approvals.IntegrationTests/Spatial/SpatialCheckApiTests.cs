using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Domain.BaseMaps;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>The HTTP surface, the report page and the command line.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SpatialCheckApiTests(ApprovalsApp app) : IAsyncLifetime
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

    private static MultipartFormDataContent Upload(byte[] content, string fileName, string? srid = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (srid is not null) form.Add(new StringContent(srid), "srid");
        return form;
    }

    [Fact]
    public async Task An_uploaded_boundary_returns_the_report_and_it_can_be_read_back()
    {
        var client = await app.SignedInAs("applicant");
        var response = await client.PostAsync("/api/spatial-checks", Upload(SpatialFixtures.TwoParcelTxtInZone37(), "红线.txt"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = report.RootElement;
        Assert.Equal(15, root.GetProperty("categories").GetArrayLength());
        Assert.Equal("PBF", root.GetProperty("categories")[0].GetProperty("code").GetString());
        Assert.Equal("intersects", root.GetProperty("categories")[0].GetProperty("status").GetString());
        foreach (var name in new[] { "boundary", "requiredDepartments", "requiredLevel", "findings", "elapsedMs" })
            Assert.True(root.TryGetProperty(name, out _), name);

        var again = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var boundary = JsonDocument.Parse(await client.GetStringAsync($"{response.Headers.Location}/boundary")).RootElement;
        var first = boundary.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        while (first[0].ValueKind == JsonValueKind.Array) first = first[0];
        var lon = first[0].GetDouble();
        Assert.InRange(lon, 112.4, 112.5);
        var hits = JsonDocument.Parse(await client.GetStringAsync($"{response.Headers.Location}/hits")).RootElement;
        Assert.Equal(5, hits.GetProperty("features").GetArrayLength());

        // An ad-hoc check is its creator's (and administrators'): see SpatialCheckAccessTests.
        var other = await app.SignedInAs("zezhou.land");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_GeoJSON_body_in_lon_lat_is_accepted()
    {
        var client = await app.SignedInAs("zezhou.clerk");
        var response = await client.PostAsync("/api/spatial-checks", new ByteArrayContent(SpatialFixtures.BoundaryInLonLat())
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/geo+json") },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(105_900m, Math.Round(root.GetProperty("categories")[0].GetProperty("overlapM2").GetDecimal()));
    }

    [Fact]
    public async Task An_invalid_boundary_is_a_400_naming_parcel_ring_and_point_in_the_users_language_and_nothing_is_stored()
    {
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM spatial_checks");
        var txt = System.Text.Encoding.UTF8.GetBytes("""
            [地块坐标]
            4,1.0,1,地块1,面,,,,@
            J1,1,3930000.00,38396000.00
            J2,1,3930000.00,38396100.00
            J3,1,3929900.00,38396100.00
            J4,1,3929900.00,38396050.00
            """);
        var client = await app.SignedInAs("applicant");

        var chinese = await client.PostAsync("/api/spatial-checks", Upload(txt, "bad.txt"));
        var english = await client.PostAsync("/api/spatial-checks?culture=en", Upload(txt, "bad.txt"));

        Assert.Equal(HttpStatusCode.BadRequest, chinese.StatusCode);
        Assert.Equal("application/problem+json", chinese.Content.Headers.ContentType?.MediaType);
        var zh = JsonDocument.Parse(await chinese.Content.ReadAsStringAsync()).RootElement;
        var en = JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement;
        var zhMessage = zh.GetProperty("errors").GetProperty("file")[0].GetString()!;
        var enMessage = en.GetProperty("errors").GetProperty("file")[0].GetString()!;
        Assert.StartsWith("地块 1 第 1 圈", zhMessage);
        Assert.StartsWith("Parcel 1, ring 1", enMessage);
        var error = zh.GetProperty("boundaryErrors")[0];
        Assert.Equal("1", error.GetProperty("parcel").GetString());
        Assert.Equal(1, error.GetProperty("ring").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("messageEn").GetString()));
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM spatial_checks"));
    }

    [Fact]
    public async Task Anonymous_callers_may_not_check_and_a_bad_srid_is_a_400()
    {
        var anonymous = await app.Anonymous().PostAsync("/api/spatial-checks", Upload(SpatialFixtures.BoundaryInLonLat(), "b.geojson"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var client = await app.SignedInAs("applicant");
        var badSrid = await client.PostAsync("/api/spatial-checks?srid=3857", Upload(SpatialFixtures.BoundaryInLonLat(), "b.geojson"));
        Assert.Equal(HttpStatusCode.BadRequest, badSrid.StatusCode);
        Assert.Contains("srid", await badSrid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_report_page_shows_fifteen_rows_and_a_map_drawn_on_the_server()
    {
        var client = await app.SignedInAs("applicant");
        var created = await client.PostAsync("/api/spatial-checks", Upload(SpatialFixtures.BoundaryInStorageCrs(), "b.geojson", "4526"));
        var page = await client.GetStringAsync($"/spatial-checks/{JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()}");

        Assert.Contains("<svg", page);
        Assert.Equal(15, System.Text.RegularExpressions.Regex.Matches(page, "<tr class=\"status-").Count);
        Assert.Contains("永久基本农田", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", ""));
        var form = await client.GetAsync("/spatial-checks/new");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task The_check_command_prints_the_report_or_exits_2_with_the_reasons()
    {
        var folder = Directory.CreateTempSubdirectory("approvals-check-");
        try
        {
            var good = Path.Combine(folder.FullName, "red-line.txt");
            await File.WriteAllBytesAsync(good, SpatialFixtures.TwoParcelTxtInZone37());
            var bad = Path.Combine(folder.FullName, "broken.geojson");
            await File.WriteAllTextAsync(bad, """{"type":"Polygon","coordinates":[[[112.45,35.5],[112.46,35.5],[112.46,35.51]]]}""");

            var (exit, output, _) = await RunApprovals($"check --boundary \"{good}\" --json");
            Assert.Equal(0, exit);
            var report = JsonDocument.Parse(output).RootElement;
            Assert.Equal(15, report.GetProperty("categories").GetArrayLength());
            Assert.Equal(2, report.GetProperty("boundary").GetProperty("parcels").GetArrayLength());

            var (refused, refusedOutput, error) = await RunApprovals($"check --boundary \"{bad}\" --json");
            Assert.Equal(2, refused);
            Assert.Equal("", refusedOutput.Trim());
            Assert.Contains("第 1 圈", error);
            Assert.Contains("ring 1", error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> RunApprovals(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "approvals.dll")}\" {arguments}")
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
}
