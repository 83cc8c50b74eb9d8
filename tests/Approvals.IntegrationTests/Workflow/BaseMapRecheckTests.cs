using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Application.Rechecks.RecheckCase;
using Approvals.Application.Rechecks.StartManualRecheck;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>
/// Base maps change while cases are under review: an import re-checks the open cases whose boundary meets what
/// changed, keeps every report as a version, tells the people concerned and adds the reviews now required.
/// Each test draws its boundary at a spot of its own in Zezhou (the tests share one database).
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class BaseMapRecheckTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private async Task<ImportedBaseMapLayer> ImportAsync(string category, bool replace, params (string Id, JsonObject Polygon)[] features)
    {
        var layer = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(features.Select(f => (JsonNode)new JsonObject
            {
                ["type"] = "Feature", ["id"] = f.Id,
                ["properties"] = new JsonObject { ["name"] = $"图斑 {f.Id}", ["编号"] = f.Id },
                ["geometry"] = f.Polygon,
            }).ToArray()),
        };
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            category, $"{category.ToLowerInvariant()}-update.geojson", Encoding.UTF8.GetBytes(layer.ToJsonString()), null, "name", Replace: replace));
    }

    private async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>A land-only case accepted and waiting for the county's land review (its first report made).</summary>
    private async Task<(Guid Id, string Number)> LandCaseUnderReviewAsync(double west, double south)
    {
        var applicant = await app.SignedInAs("applicant");
        var created = await cases.SubmitAsync(applicant, uses: new JsonArray(CaseDriver.LandUse()), boundary: CaseDriver.Square(west, south, 100));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), created.Id, "Accept", "Acceptance");
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), created.Id, "Review");
        return created;
    }

    private async Task<JsonElement[]> ReportsAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/reports")).EnumerateArray().ToArray();

    /// <summary>Waits until the case has <paramref name="count"/> report versions (the re-check runs on Hangfire).</summary>
    private async Task<JsonElement[]> WaitForReportsAsync(HttpClient client, Guid caseId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var reports = await ReportsAsync(client, caseId);
            if (reports.Length >= count) return reports;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Case {caseId} has {reports.Length} report version(s), not {count}.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task An_import_that_adds_farmland_under_an_open_land_only_case_adds_the_finding_and_raises_the_deciding_level()
    {
        const double west = 113.00, south = 35.40;
        var (id, number) = await LandCaseUnderReviewAsync(west, south);
        var land = await app.SignedInAs("zezhou.land");
        var before = await cases.CaseAsync(land, id);
        Assert.Equal("County", before.GetProperty("decidingLevel").GetString());

        // A new farmland patch over the western 40 m of the 100 m square.
        var imported = await ImportAsync("PBF", replace: false, ($"PBF-{number}", CaseDriver.Rectangle(west - 0.0005, south - 0.0005, 40 + 45, 200)));
        Assert.Equal(1, imported.Recheck?.OpenCases);

        var reports = await WaitForReportsAsync(land, id, 2);
        // Newest first: the re-check is the current version, the submission's the one before.
        Assert.Equal([2, 1], reports.Select(r => r.GetProperty("number").GetInt32()));
        Assert.Equal(["basemap-change", "submission"], reports.Select(r => r.GetProperty("reason").GetString()));
        Assert.True(reports[0].GetProperty("current").GetBoolean());
        Assert.Contains(reports[0].GetProperty("differencesEn").EnumerateArray(), d => d.GetString()!.StartsWith("Permanent basic farmland (PBF): not hit → hit"));

        var after = await cases.CaseAsync(land, id);
        Assert.Equal("Province", after.GetProperty("decidingLevel").GetString());
        Assert.True(after.GetProperty("forwardToNational").GetBoolean());
        Assert.Equal(["Land"], after.GetProperty("requiredDepartments").EnumerateArray().Select(d => d.GetString()));
        var report = JsonNode.Parse(after.GetProperty("spatialReport").GetString()!)!;
        Assert.Equal("intersects", report["categories"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "PBF")!["status"]!.GetValue<string>());
        Assert.NotEmpty(report["findings"]!.AsArray());
        // Provenance: the report names the layer version it was computed on.
        var pbf = report["layers"]!.AsArray().Single(l => l!["layerId"]!.GetValue<Guid>() == imported.LayerId)!;
        Assert.Equal("PBF", pbf["code"]!.GetValue<string>());
        Assert.Equal(imported.Version, pbf["version"]!.GetValue<int>());
        Assert.Equal("pbf-update.geojson", pbf["sourceFile"]!.GetValue<string>());
        Assert.True(pbf["importedAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5));

        // The timeline says what changed, in both languages; the land reviewers and the county's supervisor are told.
        var timeline = after.GetProperty("timeline").EnumerateArray().ToList();
        var changed = timeline.Single(e => e.GetProperty("kind").GetString() == "basemap-rechecked");
        Assert.Contains("未压占 → 压占", changed.GetProperty("summary").GetString());
        Assert.Contains("not hit → hit", changed.GetProperty("summaryEn").GetString());
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "rerouted" && e.GetProperty("summary").GetString()!.Contains("决定层级提高为省级"));
        var told = await app.Database.ScalarAsync<string>($"""
            SELECT string_agg(u.user_name, ',' ORDER BY u.user_name) FROM notifications n JOIN users u ON u.id = n.recipient_id
            WHERE n.case_id = '{id}' AND n.kind = 'basemap-change'
            """);
        Assert.Contains("zezhou.land", told.Split(','));
        Assert.Contains("zezhou.supervisor", told.Split(','));
        Assert.DoesNotContain("zezhou.forest", told.Split(','));

        // The review page shows the change first.
        var task = await cases.WaitForTaskAsync(land, id, "Review");
        var page = await land.GetStringAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}");
        Assert.True(page.IndexOf("id=\"report-change\"", StringComparison.Ordinal) is > 0 and var at && at < page.IndexOf("task-heading", StringComparison.Ordinal));
        Assert.Contains("report-versions", page);
    }

    [Fact]
    public async Task A_department_a_re_check_now_requires_joins_the_review_under_way_and_the_reviews_given_stay()
    {
        const double west = 113.02, south = 35.40;
        var (id, number) = await LandCaseUnderReviewAsync(west, south);

        await ImportAsync("FOR", replace: false, ($"FOR-{number}", CaseDriver.Rectangle(west - 0.0005, south - 0.0005, 40 + 45, 200)));

        var forestTask = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), id, "Review");
        Assert.Equal("County", forestTask.GetProperty("level").GetString());
        var land = await app.SignedInAs("zezhou.land");
        await cases.WaitForTaskAsync(land, id, "Review");
        var c = await cases.CaseAsync(land, id);
        Assert.Equal(["Land", "Forest"], c.GetProperty("requiredDepartments").EnumerateArray().Select(d => d.GetString()));

        // The round waits for the forest review too: the land review alone no longer completes the level.
        await cases.CompleteOkAsync(land, id, "Agree", "Review", "同意。");
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.forest"), id, "Agree", "Review", "同意。");
        await cases.WaitForTaskAsync(land, id, "Decision");
    }

    [Fact]
    public async Task An_import_that_only_changes_features_elsewhere_re_checks_nothing()
    {
        const double west = 113.04, south = 35.40;
        var (id, _) = await LandCaseUnderReviewAsync(west, south);
        // Ecological red line: a patch under the case and one 5 km away; then the same again with only the far one moved.
        // Four corner patches keep the layer's coverage (the hull of its features) the same in both versions.
        (string, JsonObject)[] Kept() =>
        [
            ("EPR-under", CaseDriver.Rectangle(west + 0.0002, south + 0.0002, 30, 30)),
            ("EPR-sw", CaseDriver.Rectangle(west - 0.01, south - 0.01, 30, 30)), ("EPR-se", CaseDriver.Rectangle(west + 0.1, south - 0.01, 30, 30)),
            ("EPR-nw", CaseDriver.Rectangle(west - 0.01, south + 0.1, 30, 30)), ("EPR-ne", CaseDriver.Rectangle(west + 0.1, south + 0.1, 30, 30)),
        ];
        var first = await ImportAsync("EPR", replace: true, [.. Kept(), ("EPR-far", CaseDriver.Rectangle(west + 0.05, south + 0.05, 50, 50))]);
        var land = await app.SignedInAs("zezhou.land");
        if (first.Recheck?.OpenCases > 0) await WaitForReportsAsync(land, id, 2);
        var versions = (await ReportsAsync(land, id)).Length;

        var second = await ImportAsync("EPR", replace: true, [.. Kept(), ("EPR-far", CaseDriver.Rectangle(west + 0.05, south + 0.0501, 50, 50))]);

        Assert.Equal(2, second.Recheck?.ChangedFeatures); // the far patch: removed as it was, added as it is
        Assert.Equal(0, second.Recheck?.OpenCases);
        await Task.Delay(1000);
        Assert.Equal(versions, (await ReportsAsync(land, id)).Length);
    }

    [Fact]
    public async Task A_re_check_run_twice_makes_one_report_version()
    {
        const double west = 113.06, south = 35.40;
        var (id, number) = await LandCaseUnderReviewAsync(west, south);
        var land = await app.SignedInAs("zezhou.land");
        Assert.Single(await ReportsAsync(land, id));

        var round = await SendAsync(new StartManualRecheckCommand(null, number));
        Assert.Equal([id], round.CaseIds);
        // Two workers run the same job at once, then a retry comes along.
        var results = await Task.WhenAll(SendAsync(new RecheckCaseCommand(round.RecheckId, id)), SendAsync(new RecheckCaseCommand(round.RecheckId, id)));
        var retry = await SendAsync(new RecheckCaseCommand(round.RecheckId, id));

        Assert.Equal(["already-done", "unchanged"], results.Select(r => r.Outcome).Order());
        Assert.Equal("already-done", retry.Outcome);
        var reports = await ReportsAsync(land, id);
        Assert.Equal([2, 1], reports.Select(r => r.GetProperty("number").GetInt32()));
        Assert.Equal("manual-recheck", reports[0].GetProperty("reason").GetString());
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM case_report_versions WHERE case_id = '{id}' AND job_key = '{round.RecheckId}'"));
    }

    [Fact]
    public async Task A_decided_case_is_never_changed_by_a_re_check_and_is_listed_for_its_supervisor()
    {
        const double west = 113.08, south = 35.40;
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant, uses: new JsonArray(CaseDriver.LandUse()), boundary: CaseDriver.Square(west, south, 100));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Agree", "Review", "同意。");
        await cases.CompleteOkAsync(land, id, "Approve", "Decision", "同意通过预审。");
        var decided = await cases.WaitForStatusAsync(land, id, "Approved");

        var imported = await ImportAsync("PBF", replace: false, ($"PBF-{number}", CaseDriver.Rectangle(west - 0.0005, south - 0.0005, 85, 200)));
        Assert.Equal(1, imported.Recheck?.DecidedCases);
        await Task.Delay(1000);

        var now = await cases.CaseAsync(land, id);
        Assert.Equal("Approved", now.GetProperty("status").GetString());
        Assert.Equal(decided.GetProperty("spatialReport").GetString(), now.GetProperty("spatialReport").GetString());
        Assert.Equal(decided.GetProperty("decidingLevel").GetString(), now.GetProperty("decidingLevel").GetString());
        Assert.Single(await ReportsAsync(land, id));

        var listed = await (await app.SignedInAs("zezhou.supervisor")).GetFromJsonAsync<JsonElement>("/api/rechecks/decided-cases");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("number").GetString() == number && c.GetProperty("categories").EnumerateArray().Any(x => x.GetString() == "PBF"));
        var elsewhere = await (await app.SignedInAs("yangcheng.supervisor")).GetFromJsonAsync<JsonElement>("/api/rechecks/decided-cases");
        Assert.DoesNotContain(elsewhere.EnumerateArray(), c => c.GetProperty("number").GetString() == number);
        var page = await (await app.SignedInAs("zezhou.supervisor")).GetStringAsync("/rechecks");
        Assert.Contains(number, page);
    }

    [Fact]
    public async Task Administrators_see_the_progress_of_each_round_and_others_do_not()
    {
        const double west = 113.10, south = 35.40;
        var (id, number) = await LandCaseUnderReviewAsync(west, south);
        var imported = await ImportAsync("CUL", replace: false, ($"CUL-{number}", CaseDriver.Rectangle(west + 0.0002, south + 0.0002, 30, 30)));
        var land = await app.SignedInAs("zezhou.land");
        await WaitForReportsAsync(land, id, 2);

        var rounds = await (await app.SignedInAs("admin")).GetFromJsonAsync<JsonElement>("/api/rechecks");
        var round = rounds.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == imported.Recheck!.RecheckId);
        Assert.Equal(1, round.GetProperty("cases").GetInt32());
        Assert.Equal(1, round.GetProperty("done").GetInt32());
        Assert.Equal(0, round.GetProperty("toDo").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await land.GetAsync("/api/rechecks")).StatusCode);
    }
}
