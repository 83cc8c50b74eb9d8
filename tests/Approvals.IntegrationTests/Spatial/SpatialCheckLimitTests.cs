using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Infrastructure.BackgroundWork;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;
using Approvals.IntegrationTests.Workflow;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// What one boundary may cost the server (bytes, bytes unpacked, points, parcels) and how long a check
/// nobody needs is kept. A refused boundary is a 400 that says the limit and stores nothing.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SpatialCheckLimitTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    /// <summary>A lon/lat polygon of <paramref name="corners"/> corners (and the closing one) around Zezhou.</summary>
    private static JsonObject Polygon(int corners) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(Enumerable.Range(0, corners + 1).Select(i => (JsonNode)new JsonArray(
            112.85 + 0.004 * Math.Cos(2 * Math.PI * (i % corners) / corners), 35.5 + 0.004 * Math.Sin(2 * Math.PI * (i % corners) / corners))).ToArray())),
    };

    private static JsonObject Parcels(int count) => new()
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "Feature", ["properties"] = new JsonObject(),
            ["geometry"] = CaseDriver.Square(west: 112.85 + (i % 20) * 0.002, south: 35.5 + (i / 20) * 0.002, sideMetres: 50),
        }).ToArray()),
    };

    /// <summary>A zip of a .shp and a .dbf that unpack to 30 MB, beyond the limit, from a few hundred kilobytes.</summary>
    private static byte[] ZipBomb()
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var random = new Random(3);
            foreach (var name in new[] { "bomb.shp", "bomb.dbf" })
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                var chunk = new byte[1 << 20];
                for (var i = 0; i < 15; i++)
                {
                    // A changing byte every 1000 keeps the ratio below what gives a bomb away by itself.
                    for (var j = 0; j < chunk.Length; j += 1000) chunk[j] = (byte)random.Next(256);
                    entry.Write(chunk);
                }
            }
        }
        return output.ToArray();
    }

    private async Task<long> StoredChecksAsync() => await app.Database.ScalarAsync<long>("SELECT count(*) FROM spatial_checks");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_boundary_of_more_points_than_the_limit_is_a_400_naming_the_limit_and_the_count_and_nothing_is_stored()
    {
        var client = await app.SignedInAs("zezhou.land");
        var before = await StoredChecksAsync();

        var problem = await ProblemAsync(await client.PostAsync("/api/spatial-checks?culture=en",
            new StringContent(Polygon(50_000).ToJsonString(), Encoding.UTF8, "application/geo+json")));

        Assert.Contains("the boundary has 50,001 points; the limit is 50,000", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal("too-many-vertices", problem.GetProperty("boundaryErrors")[0].GetProperty("code").GetString());
        Assert.Contains("红线共有 50,001 个坐标点，超过上限 50,000 个", problem.GetProperty("boundaryErrors")[0].GetProperty("messageZh").GetString());
        Assert.Equal(before, await StoredChecksAsync());
    }

    [Fact]
    public async Task A_boundary_of_more_parcels_than_the_limit_is_a_400_and_nothing_is_stored()
    {
        var client = await app.SignedInAs("zezhou.land");
        var before = await StoredChecksAsync();

        var problem = await ProblemAsync(await client.PostAsync("/api/spatial-checks?culture=en",
            Upload(Encoding.UTF8.GetBytes(Parcels(201).ToJsonString()), "parcels.geojson")));

        Assert.Contains("the boundary has 201 parcels; the limit is 200", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(before, await StoredChecksAsync());
    }

    [Fact]
    public async Task A_zipped_shapefile_that_unpacks_beyond_the_limit_is_a_400_and_nothing_is_stored()
    {
        var client = await app.SignedInAs("zezhou.land");
        var before = await StoredChecksAsync();

        var problem = await ProblemAsync(await client.PostAsync("/api/spatial-checks", Upload(ZipBomb(), "红线.zip")));

        var message = problem.GetProperty("boundaryErrors")[0];
        Assert.Equal("file-too-large", message.GetProperty("code").GetString());
        Assert.Contains("压缩包解压后超过上限 20 MB", message.GetProperty("messageZh").GetString());
        Assert.Contains("unpacks to more than the limit of 20 MB", message.GetProperty("messageEn").GetString());
        Assert.Equal(before, await StoredChecksAsync());
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_a_400_and_nothing_is_stored()
    {
        var client = await app.SignedInAs("zezhou.land");
        var before = await StoredChecksAsync();
        var big = Encoding.UTF8.GetBytes(Polygon(4).ToJsonString() + new string(' ', 11 << 20));

        var upload = await ProblemAsync(await client.PostAsync("/api/spatial-checks", Upload(big, "big.geojson")));
        var body = await ProblemAsync(await client.PostAsync("/api/spatial-checks", new ByteArrayContent(big)));

        Assert.Equal("file-too-large", upload.GetProperty("boundaryErrors")[0].GetProperty("code").GetString());
        Assert.Contains("10.0 MB", upload.GetProperty("boundaryErrors")[0].GetProperty("messageEn").GetString());
        Assert.Equal("file-too-large", body.GetProperty("boundaryErrors")[0].GetProperty("code").GetString());
        Assert.Equal(before, await StoredChecksAsync());
    }

    [Fact]
    public async Task An_application_or_a_draft_with_too_many_points_is_refused_and_leaves_nothing_behind()
    {
        var applicant = await app.SignedInAs("applicant");
        var project = $"超限红线测试 {Guid.NewGuid():N}";
        var body = new JsonObject
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString(), ["countyCode"] = "140525", ["declaredApprovalLevel"] = "County", ["uses"] = new JsonArray(CaseDriver.LandUse()),
            ["project"] = new JsonObject { ["name"] = project, ["owner"] = "测试单位", ["type"] = "交通" },
            ["boundary"] = Polygon(60_000), ["documents"] = CaseDriver.DocumentsFor(new JsonArray(CaseDriver.LandUse())),
        };
        var submitted = await ProblemAsync(await applicant.PostAsJsonAsync("/api/cases", body));
        Assert.Equal("红线共有 60,001 个坐标点，超过上限 50,000 个；请核对文件，或删去多余的加密点",
            submitted.GetProperty("errors").GetProperty("boundary")[0].GetString());
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE project_name = '{project}'"));

        var (_, owner) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, owner, m => m.Send(new StartDraftCommand()));
        var before = await StoredChecksAsync();
        var refused = await Assert.ThrowsAsync<ValidationException>(async () => await PortalFixtures.SendAsync(app, owner,
            m => m.Send(new SaveDraftBoundaryCommand(draft, Encoding.UTF8.GetBytes(Parcels(201).ToJsonString()), "parcels.geojson", null))));
        Assert.Contains(refused.Errors, e => e.PropertyName == "boundary" && e.ErrorMessage.Contains("201"));
        Assert.Equal(before, await StoredChecksAsync());
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE id = '{draft}' AND boundary_file IS NOT NULL"));
    }

    [Fact]
    public async Task The_purge_deletes_ad_hoc_checks_past_their_retention_and_nothing_of_drafts_or_cases_and_changes_nothing_the_second_time()
    {
        await PortalFixtures.EnsureFarmlandAsync(app);
        var user = await app.SignedInAs("zezhou.land");
        async Task<Guid> AdHocAsync()
        {
            var created = await user.PostAsync("/api/spatial-checks", Upload(SpatialFixtures.BoundaryInLonLat(), "红线.geojson"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        }
        var oldAdHoc = await AdHocAsync();
        var freshAdHoc = await AdHocAsync();
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (_, draftCheck) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var (caseId, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), caseId, "Accept", "Acceptance");
        var caseCheck = await cases.WaitForSpatialCheckAsync(caseId);
        // Eight days ago: past the default retention of seven.
        await app.Database.ExecuteAsync($"UPDATE spatial_checks SET created_at = now() - interval '8 days' WHERE id IN ('{oldAdHoc}', '{draftCheck}', '{caseCheck}')");

        var work = app.Factory.Services.GetRequiredService<RecurringWork>();
        var first = await work.PurgeAdHocSpatialChecksAsync(CancellationToken.None);
        var second = await work.PurgeAdHocSpatialChecksAsync(CancellationToken.None);

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        async Task<bool> Exists(Guid id) => await app.Database.ScalarAsync<long>($"SELECT count(*) FROM spatial_checks WHERE id = '{id}'") == 1;
        Assert.False(await Exists(oldAdHoc));
        Assert.True(await Exists(freshAdHoc));
        Assert.True(await Exists(draftCheck));
        Assert.True(await Exists(caseCheck));
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE action = 'Purged' AND entity_type = 'SpatialCheck' AND entity_id = '{oldAdHoc}'"));
        var verification = await (await app.SignedInAs("admin")).GetFromJsonAsync<JsonElement>("/api/audit/verification");
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
    }
}
