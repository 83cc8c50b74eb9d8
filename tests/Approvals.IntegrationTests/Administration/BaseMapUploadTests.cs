using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps;
using Approvals.Application.BaseMaps.StartBaseMapImport;
using Approvals.Application.Identity;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Administration;

/// <summary>
/// Administrators upload a base-map layer over HTTP; the import runs as background work (Hangfire on the test host), its
/// progress and end are read from the import record, and refused features are listed in a CSV report. Each test
/// uploads a file of its own name into the public-welfare forest category (PWF), far from every test's cases.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class BaseMapUploadTests(ApprovalsApp app)
{
    private const string Category = "PWF";

    /// <summary>Square parcels of 0.01° side in the far north-west of the demo province (no case is drawn there).</summary>
    private static JsonObject Square(double west, double south) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(west, south), new JsonArray(west + 0.01, south), new JsonArray(west + 0.01, south + 0.01),
            new JsonArray(west, south + 0.01), new JsonArray(west, south))),
    };

    private static JsonObject Road(double west, double south) => new()
    {
        ["type"] = "LineString",
        ["coordinates"] = new JsonArray(new JsonArray(west, south), new JsonArray(west + 0.01, south + 0.01)),
    };

    private static byte[] Layer(params (string Id, JsonObject Geometry)[] features) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(features.Select(f => (JsonNode)new JsonObject
        {
            ["type"] = "Feature", ["id"] = f.Id,
            ["properties"] = new JsonObject { ["name"] = $"公益林 {f.Id}" },
            ["geometry"] = f.Geometry,
        }).ToArray()),
    }.ToJsonString());

    private static MultipartFormDataContent Upload(string fileName, byte[] content, bool replace = false, bool acceptRefused = false, string srid = "4490")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        return new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(Category), "category" },
            { new StringContent(srid), "srid" },
            { new StringContent("name"), "nameField" },
            { new StringContent(replace ? "true" : "false"), "replace" },
            { new StringContent(acceptRefused ? "true" : "false"), "acceptRefused" },
        };
    }

    private static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 9)] + ".geojson";

    /// <summary>Reads the import record until it has ended (the work runs on Hangfire).</summary>
    private static async Task<JsonElement> WaitUntilFinishedAsync(HttpClient client, Uri location)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var import = await client.GetFromJsonAsync<JsonElement>(location);
            if (import.GetProperty("finished").GetBoolean()) return import;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The import is still {import.GetProperty("status")} ({import.GetProperty("phase")}).");
            await Task.Delay(200);
        }
    }

    private async Task<(HttpResponseMessage Response, JsonElement Finished)> UploadAndWaitAsync(HttpClient admin, MultipartFormDataContent upload)
    {
        var response = await admin.PostAsync("/api/basemaps/imports", upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        return (response, await WaitUntilFinishedAsync(admin, new Uri(app.BaseAddress, response.Headers.Location)));
    }

    private Task<long> VersionsFromAsync(string fileName) =>
        app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_layers WHERE source_file_name = '{fileName}'");

    [Fact]
    public async Task An_uploaded_geojson_is_imported_in_the_background_as_the_new_current_version_by_the_uploading_administrator()
    {
        var admin = await app.SignedInAs("admin");
        var fileName = UniqueName("pwf-upload");
        var (response, import) = await UploadAndWaitAsync(admin, Upload(fileName,
            Layer(("PWF-1", Square(111.20, 38.60)), ("PWF-2", Square(111.22, 38.60)), ("PWF-3", Square(111.24, 38.60))), replace: true));

        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Queued", queued.GetProperty("status").GetString());
        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(100, import.GetProperty("percent").GetInt32());
        Assert.Equal(3, import.GetProperty("featuresInFile").GetInt32());
        Assert.Equal(3, import.GetProperty("written").GetInt32());
        Assert.Equal(0, import.GetProperty("refused").GetInt32());
        Assert.False(import.GetProperty("hasRefusedReport").GetBoolean());
        Assert.Contains("第", import.GetProperty("message").GetString());

        var layerId = import.GetProperty("layerId").GetGuid();
        Assert.True(await app.Database.ScalarAsync<bool>($"SELECT is_current FROM base_map_layers WHERE id = '{layerId}'"));
        Assert.Equal(3, await app.Database.ScalarAsync<int>($"SELECT feature_count FROM base_map_layers WHERE id = '{layerId}'"));
        Assert.Equal(3L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_features WHERE layer_id = '{layerId}'"));
        Assert.Equal(import.GetProperty("layerVersion").GetInt32(), await app.Database.ScalarAsync<int>($"SELECT version FROM base_map_layers WHERE id = '{layerId}'"));
        // The uploading administrator imported it (not "background"), in the layer row and in the audit trail.
        Assert.Equal(await app.Database.ScalarAsync<Guid>("SELECT id FROM users WHERE user_name = 'admin'"),
            await app.Database.ScalarAsync<Guid>($"SELECT imported_by_id FROM base_map_layers WHERE id = '{layerId}'"));
        Assert.Equal("admin", await app.Database.ScalarAsync<string>($"SELECT actor_name FROM audit_entries WHERE entity_type = 'BaseMapLayer' AND entity_id = '{layerId}' AND action = 'Added'"));
        var importId = import.GetProperty("id").GetGuid();
        Assert.True(await app.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE entity_type = 'BaseMapImport' AND entity_id = '{importId}' AND actor_name = 'admin'") >= 2);
        // The uploaded bytes are gone once the import has ended.
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_import_files WHERE import_id = '{importId}'"));

        var recent = await admin.GetFromJsonAsync<JsonElement>("/api/basemaps/imports");
        Assert.Contains(recent.EnumerateArray(), i => i.GetProperty("id").GetGuid() == importId && i.GetProperty("fileName").GetString() == fileName);
    }

    [Fact]
    public async Task A_file_with_one_bad_feature_is_refused_whole_and_the_report_names_the_feature()
    {
        var admin = await app.SignedInAs("admin");
        var fileName = UniqueName("pwf-bad");
        var (_, import) = await UploadAndWaitAsync(admin, Upload(fileName,
            Layer(("PWF-OK-1", Square(111.30, 38.60)), ("PWF-ROAD-7", Road(111.32, 38.60)), ("PWF-OK-2", Square(111.34, 38.60)))));

        Assert.Equal("Refused", import.GetProperty("status").GetString());
        Assert.Equal(1, import.GetProperty("refused").GetInt32());
        Assert.Equal(0, import.GetProperty("written").GetInt32());
        Assert.True(import.GetProperty("layerId").ValueKind == JsonValueKind.Null);
        Assert.Contains("整个文件未导入", import.GetProperty("message").GetString());
        Assert.Equal(0L, await VersionsFromAsync(fileName));

        var csv = await admin.GetAsync($"/api/basemaps/imports/{import.GetProperty("id").GetGuid()}/refused.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["feature_id,reason_zh,reason_en", "PWF-ROAD-7,几何类型为 LineString，底图只接受面,the geometry is a LineString; base maps take polygons only"], lines);
    }

    [Fact]
    public async Task With_refused_features_accepted_the_valid_features_are_imported_and_the_report_lists_the_others()
    {
        var admin = await app.SignedInAs("admin");
        var fileName = UniqueName("pwf-accept");
        var (_, import) = await UploadAndWaitAsync(admin, Upload(fileName,
            Layer(("PWF-A-1", Square(111.40, 38.60)), ("PWF-A-ROAD", Road(111.42, 38.60)), ("PWF-A-2", Square(111.44, 38.60))), acceptRefused: true));

        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(2, import.GetProperty("written").GetInt32());
        Assert.Equal(1, import.GetProperty("refused").GetInt32());
        Assert.True(import.GetProperty("hasRefusedReport").GetBoolean());
        var layerId = import.GetProperty("layerId").GetGuid();
        Assert.Equal(["PWF-A-1", "PWF-A-2"], (await app.Database.ScalarAsync<string>(
            $"SELECT string_agg(source_id, ',' ORDER BY source_id) FROM base_map_features WHERE layer_id = '{layerId}'")).Split(','));

        var report = await admin.GetByteArrayAsync($"/api/basemaps/imports/{import.GetProperty("id").GetGuid()}/refused.csv");
        var lines = Encoding.UTF8.GetString(report[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("PWF-A-ROAD,", lines[1]);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_a_message_and_nothing_is_stored()
    {
        await using var small = SecondHost.Start(app, new Dictionary<string, string> { ["Approvals:Limits:LayerUploadBytes"] = "2048" });
        var admin = await small.SignedInAs("admin");
        var fileName = UniqueName("pwf-large");
        var large = Layer(Enumerable.Range(0, 40).Select(i => ($"PWF-L-{i}", Square(111.50 + i * 0.001, 38.60))).ToArray());
        Assert.True(large.Length > 2048);

        var response = await admin.PostAsync("/api/basemaps/imports", Upload(fileName, large));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("文件过大", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_imports WHERE file_name = '{fileName}'"));

        // A body far over the limit is cut off by the server before it is read: 413, worded, never a 500.
        var huge = await admin.PostAsync("/api/basemaps/imports", Upload(fileName, new byte[2 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("过大", (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Bad_upload_fields_are_each_refused_in_words_and_nothing_is_queued()
    {
        var admin = await app.SignedInAs("admin");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("not a layer"));
        var response = await admin.PostAsync("/api/basemaps/imports", new MultipartFormDataContent
        {
            { file, "file", "pwf-notes.txt" },
            { new StringContent("XYZ"), "category" },
            { new StringContent("4326"), "srid" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("XYZ", errors.GetProperty("categoryCode")[0].GetString());
        Assert.Contains(".gpkg", errors.GetProperty("file")[0].GetString());
        Assert.Contains("EPSG:4326", errors.GetProperty("sourceSrid")[0].GetString());

        var notANumber = await admin.PostAsync("/api/basemaps/imports", Upload("pwf-srid.geojson", Layer(("PWF-S", Square(111.80, 38.60))), srid: "abc"));
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Contains("abc", (await notANumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("srid")[0].GetString());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_imports WHERE file_name IN ('pwf-notes.txt', 'pwf-srid.geojson')"));
    }

    [Fact]
    public async Task Only_administrators_upload_and_the_provinces_supervisors_may_follow_an_import()
    {
        var fileName = UniqueName("pwf-roles");
        var reviewer = await app.SignedInAs("zezhou.land");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync("/api/basemaps/imports", Upload(fileName, Layer(("PWF-R", Square(111.60, 38.60)))))).StatusCode);
        var supervisor = await app.SignedInAs("shanxi.supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync("/api/basemaps/imports", Upload(fileName, Layer(("PWF-R", Square(111.60, 38.60)))))).StatusCode);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_imports WHERE file_name = '{fileName}'"));

        var admin = await app.SignedInAs("admin");
        var (response, _) = await UploadAndWaitAsync(admin, Upload(fileName, Layer(("PWF-R", Square(111.60, 38.60)), ("PWF-R-ROAD", Road(111.62, 38.60)))));
        var location = response.Headers.Location!;

        var seen = await supervisor.GetFromJsonAsync<JsonElement>(location);
        Assert.Equal("Refused", seen.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"{location}/refused.csv")).StatusCode);
        Assert.Contains((await supervisor.GetFromJsonAsync<JsonElement>("/api/basemaps/imports")).EnumerateArray(), i => i.GetProperty("fileName").GetString() == fileName);
        // A county's supervisor and a reviewer see the county's cases, not the province's base-map uploads.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAs("zezhou.supervisor")).GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task A_run_after_a_crashed_attempt_starts_again_from_the_file_and_imports_once()
    {
        var fileName = UniqueName("pwf-crash");
        var importId = Guid.CreateVersion7();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // What a worker that died while writing leaves behind: the record "running" with its counters, the file still
            // there, no outbox message left (the job itself is what runs again), the import's transaction rolled back.
            var adminId = await app.Database.ScalarAsync<Guid>("SELECT id FROM users WHERE user_name = 'admin'");
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = new Actor(adminId, "admin", Roles.Administrator, null, null, null, null);
            var db = scope.ServiceProvider.GetRequiredService<Approvals.Application.Persistence.ApprovalsDbContext>();
            db.Add(new BaseMapImport
            {
                Id = importId, CategoryCode = Category, FileName = fileName, FileBytes = 1, SourceSrid = 4490, NameField = "name",
                UploadedById = adminId, UploadedByName = "admin", UploadedAt = DateTimeOffset.UtcNow,
                Status = BaseMapImportStatus.Running, Phase = "writing", Attempts = 1, FeaturesInFile = 2, Prepared = 2, Written = 1,
            });
            db.Add(new BaseMapImportFile { ImportId = importId, Content = Layer(("PWF-C-1", Square(111.90, 38.60)), ("PWF-C-2", Square(111.92, 38.60))) });
            await db.SaveChangesAsync();
        }

        await using (var scope = app.Factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<BaseMapImportWork>().RunAsync(importId, CancellationToken.None));

        var import = await (await app.SignedInAs("admin")).GetFromJsonAsync<JsonElement>($"/api/basemaps/imports/{importId}");
        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(2, import.GetProperty("written").GetInt32());
        Assert.Equal(2, await app.Database.ScalarAsync<int>($"SELECT attempts FROM base_map_imports WHERE id = '{importId}'"));
        Assert.Equal(1L, await VersionsFromAsync(fileName));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_import_files WHERE import_id = '{importId}'"));
    }

    [Fact]
    public async Task An_import_run_twice_at_once_and_again_after_it_ended_imports_once()
    {
        var fileName = UniqueName("pwf-twice");
        Guid importId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var adminId = await app.Database.ScalarAsync<Guid>("SELECT id FROM users WHERE user_name = 'admin'");
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = new Actor(adminId, "admin", Roles.Administrator, null, null, null, null);
            importId = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new StartBaseMapImportCommand(
                Category, fileName, Layer(("PWF-T-1", Square(111.70, 38.60)), ("PWF-T-2", Square(111.72, 38.60))), 4490, "name", false, false))).Id;
        }

        async Task<bool> RunAsync()
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<BaseMapImportWork>().RunAsync(importId, CancellationToken.None);
        }
        // Two workers take the same job at once (beside the test host's own Hangfire job), then a retry comes along.
        var runs = await Task.WhenAll(RunAsync(), RunAsync());
        var retry = await RunAsync();

        Assert.True(runs.Count(ran => ran) <= 1);
        Assert.False(retry);
        var admin = await app.SignedInAs("admin");
        var import = await WaitUntilFinishedAsync(admin, new Uri(app.BaseAddress, $"/api/basemaps/imports/{importId}"));
        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(1L, await VersionsFromAsync(fileName));
        Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT attempts FROM base_map_imports WHERE id = '{importId}'"));
    }
}
