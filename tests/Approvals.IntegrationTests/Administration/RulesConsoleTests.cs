using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Rules;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Administration;

/// <summary>
/// The rules console: a change is checked as at start-up, previewed against recent cases and published as a version;
/// new cases follow it, a case already routed keeps the version it was routed with. The tests share the web host's
/// database, so each publishes the rules it found again before it ends.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RulesConsoleTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>routing-rules.json with permanent forest use below <paramref name="countyBelowHa"/> ha decided at the county (shipped: 2).</summary>
    public static string RoutingWithCountyForestBelow(string routingJson, decimal countyBelowHa)
    {
        var routing = JsonNode.Parse(routingJson)!;
        routing["forest"]!["permanent"]!["delegation"]![0]!["belowHa"] = countyBelowHa;
        return routing.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static MultipartFormDataContent Upload(params (string Name, string Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "files", name);
        return form;
    }

    /// <summary>The files of the version in force, to publish again when a test ends.</summary>
    public static async Task<Dictionary<string, string>> CurrentFilesAsync(HttpClient admin, params string[] names)
    {
        var current = await admin.GetFromJsonAsync<JsonElement>("/api/rules");
        var version = current.GetProperty("version").GetInt32();
        var files = new Dictionary<string, string>();
        foreach (var name in names) files[name] = await admin.GetStringAsync($"/api/rules/versions/{version}/files/{name}");
        return files;
    }

    /// <summary>Publishes <paramref name="files"/> (replacing those files of the version in force) and returns the new number.</summary>
    public static async Task<int> PublishAsync(HttpClient admin, IReadOnlyDictionary<string, string> files, string note)
    {
        var drafted = await admin.PostAsync("/api/rules/drafts", Upload(files.Select(f => (f.Key, f.Value)).ToArray()));
        if (drafted.StatusCode != HttpStatusCode.Created) return -1; // the same as in force already: nothing to put back
        var draft = await drafted.Content.ReadFromJsonAsync<JsonElement>();
        var published = await admin.PostAsJsonAsync($"/api/rules/drafts/{draft.GetProperty("id").GetGuid()}/publish", new { note });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();
    }

    /// <summary>A forest-only application of <paramref name="hectares"/> ha, accepted and routed; its county forest review task.</summary>
    private async Task<(Guid Id, string Number)> RoutedForestCaseAsync(HttpClient applicant, decimal hectares)
    {
        var (id, number) = await cases.SubmitAsync(applicant, uses: new JsonArray(CaseDriver.ForestUse(hectares)), boundary: CaseDriver.Square(112.93, 35.56, 120));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), id, "Review");
        return (id, number);
    }

    [Fact]
    public async Task An_invalid_rules_file_is_refused_with_the_start_up_checks_message_and_nothing_is_stored()
    {
        var admin = await app.SignedInAs("admin");
        var routing = JsonNode.Parse((await CurrentFilesAsync(admin, "routing-rules.json"))["routing-rules.json"])!;
        routing["entryLevel"] = "village";
        var stored = await app.Database.ScalarAsync<long>("SELECT count(*) FROM rules_versions");

        var response = await admin.PostAsync("/api/rules/drafts", Upload(("routing-rules.json", routing.ToJsonString())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("routing-rules.json")[0].GetString()!;
        // The message the start-up check gives for the same file (ProvinceRules.Load of a folder holding it).
        var folder = Directory.CreateTempSubdirectory("rules-").FullName;
        try
        {
            var book = app.Factory.Services.GetRequiredService<RulesBook>();
            foreach (var (name, content) in RulesFiles.Read(book.Folder))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
                await File.WriteAllTextAsync(Path.Combine(folder, name), name == "routing-rules.json" ? routing.ToJsonString() : content);
            }
            var startUp = Assert.Throws<InvalidDataException>(() => ProvinceRules.Load(folder));
            Assert.Contains(startUp.Message, message);
            Assert.Contains("routing-rules.json: entryLevel: unknown level 'village'", message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Assert.Equal(stored, await app.Database.ScalarAsync<long>("SELECT count(*) FROM rules_versions"));

        var notRules = await admin.PostAsync("/api/rules/drafts", Upload(("joint-preapproval.json", "{}")));
        Assert.Equal(HttpStatusCode.BadRequest, notRules.StatusCode);
        Assert.Equal(stored, await app.Database.ScalarAsync<long>("SELECT count(*) FROM rules_versions"));
    }

    [Fact]
    public async Task A_published_threshold_change_routes_new_cases_by_it_while_a_case_routed_before_keeps_its_routing_and_deadlines_after_a_correction()
    {
        var admin = await app.SignedInAs("admin");
        var applicant = await app.SignedInAs("applicant");
        var original = await CurrentFilesAsync(admin, "routing-rules.json", "time-limits.json");
        var calendar = app.Factory.Services.GetRequiredService<RulesBook>().Current.Calendar;

        // 3 ha of forest land: the city decides by the shipped thresholds (2–10 ha); a land-only case at the county is not affected.
        var (before, beforeNumber) = await RoutedForestCaseAsync(applicant, 3m);
        Assert.Equal("City", (await cases.CaseAsync(admin, before)).GetProperty("decidingLevel").GetString());
        var (land, landNumber) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), land, "Accept", "Acceptance");
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), land, "Review");

        var limits = JsonNode.Parse(original["time-limits.json"])!;
        limits["firstReview"] = 25;
        limits["levelReview"] = 30;
        try
        {
            var drafted = await admin.PostAsync("/api/rules/drafts", Upload(
                ("routing-rules.json", RoutingWithCountyForestBelow(original["routing-rules.json"], 5)), ("time-limits.json", limits.ToJsonString())));
            Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
            var draft = await drafted.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["routing-rules.json", "time-limits.json"], draft.GetProperty("changedFiles").EnumerateArray().Select(f => f.GetString()!).ToArray());
            var changes = draft.GetProperty("preview").GetProperty("changes").EnumerateArray().ToList();
            var changed = Assert.Single(changes, c => c.GetProperty("caseNumber").GetString() == beforeNumber);
            Assert.Equal("市级", changed.GetProperty("levelBefore").GetProperty("zh").GetString());
            Assert.Equal("县级", changed.GetProperty("levelAfter").GetProperty("zh").GetString());
            Assert.DoesNotContain(changes, c => c.GetProperty("caseNumber").GetString() == landNumber);

            // Supervisors read the rules (the province's) but may not publish.
            var supervisor = await app.SignedInAs("shanxi.supervisor");
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/rules")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/rules/versions")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync($"/api/rules/drafts/{draft.GetProperty("id").GetGuid()}/publish", new { note = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync("/api/rules/drafts", Upload(("time-limits.json", limits.ToJsonString())))).StatusCode);
            var citySupervisor = await app.SignedInAs("jincheng.supervisor");
            Assert.Equal(HttpStatusCode.Forbidden, (await citySupervisor.GetAsync("/api/rules")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await citySupervisor.GetAsync("/admin/rules")).StatusCode);
            var page = await supervisor.GetAsync("/admin/rules");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("rules-categories", html);
            Assert.DoesNotContain("id=\"upload\"", html);

            var published = await admin.PostAsJsonAsync($"/api/rules/drafts/{draft.GetProperty("id").GetGuid()}/publish", new { note = "林地县级审批上限调整为 5 公顷" });
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            var number = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();
            // Published once: a second publication of the same draft is a conflict.
            Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/rules/drafts/{draft.GetProperty("id").GetGuid()}/publish", new { note = "again" })).StatusCode);

            var versions = await admin.GetFromJsonAsync<JsonElement>("/api/rules/versions");
            var newest = versions.EnumerateArray().First();
            Assert.Equal(number, newest.GetProperty("number").GetInt32());
            Assert.True(newest.GetProperty("isCurrent").GetBoolean());
            Assert.Equal("林地县级审批上限调整为 5 公顷", newest.GetProperty("note").GetString());
            Assert.Equal("admin", newest.GetProperty("publishedBy").GetString());
            Assert.Equal(number, (await admin.GetFromJsonAsync<JsonElement>("/api/rules")).GetProperty("version").GetInt32());
            Assert.Equal(1, await app.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM audit_entries WHERE entity_type = 'RulesVersion' AND action = 'Modified' AND actor_name = 'admin' AND (after::jsonb ->> 'Number') = '{number}'"));

            // A new case follows the new thresholds and time limits: the county decides, and its review is due in 30 working days.
            var (after, _) = await RoutedForestCaseAsync(applicant, 3m);
            var afterCase = await cases.CaseAsync(admin, after);
            Assert.Equal("County", afterCase.GetProperty("decidingLevel").GetString());
            var today = LocalDate.Today(TimeProvider.System);
            var afterTask = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), after, "Review");
            Assert.Equal(calendar.AddWorkingDays(today, 30), DateOnly.Parse(afterTask.GetProperty("dueOn").GetString()!));

            // The case routed before goes back for correction and is routed again by the version it was first routed with.
            await cases.CompleteOkAsync(await app.SignedInAs("zezhou.forest"), before, "ReturnForCorrection", "Review", "请补充林地现状调查表。");
            await cases.WaitForStatusAsync(applicant, before, "AwaitingCorrection");
            var resubmit = await applicant.PostAsJsonAsync($"/api/cases/{before}/resubmit", new JsonObject
            {
                ["note"] = "已补充。",
                ["application"] = new JsonObject
                {
                    ["project"] = new JsonObject { ["name"] = "晋城至阳城公路改建工程", ["code"] = "2026-140525-48-01-000001", ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
                    ["declaredApprovalLevel"] = "County",
                    ["uses"] = new JsonArray(CaseDriver.ForestUse(3m)),
                },
            });
            Assert.Equal(HttpStatusCode.OK, resubmit.StatusCode);
            var again = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), before, "Review");
            var beforeCase = await cases.CaseAsync(admin, before);
            Assert.Equal("City", beforeCase.GetProperty("decidingLevel").GetString());
            // A first review below the deciding level: 20 working days by the old version, not 25 by the new.
            Assert.Equal(calendar.AddWorkingDays(today, 20), DateOnly.Parse(again.GetProperty("dueOn").GetString()!));
            Assert.NotEqual(number, await app.Database.ScalarAsync<int>($"SELECT rules_version FROM cases WHERE id = '{before}'"));
            Assert.Equal(number, await app.Database.ScalarAsync<int>($"SELECT rules_version FROM cases WHERE id = '{after}'"));
        }
        finally
        {
            await PublishAsync(admin, original, "测试结束，恢复原规则");
        }
    }
}
