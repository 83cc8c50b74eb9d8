using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>Drives cases through the HTTP API the way the portal and the inbox do.</summary>
public sealed class CaseDriver(ApprovalsApp? app)
{
    /// <summary>A square boundary of <paramref name="sideMetres"/> in Zezhou (lon/lat GeoJSON).</summary>
    public static JsonObject Square(double west = 112.85, double south = 35.50, double sideMetres = 100) =>
        Rectangle(west, south, sideMetres, sideMetres);

    /// <summary>A lon/lat rectangle of the given size in metres, starting at its south-west corner.</summary>
    public static JsonObject Rectangle(double west, double south, double eastMetres, double northMetres)
    {
        var dLat = northMetres / 111_000.0;
        var dLon = eastMetres / (111_320.0 * Math.Cos(south * Math.PI / 180));
        return new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray(
                new JsonArray(west, south), new JsonArray(west + dLon, south), new JsonArray(west + dLon, south + dLat),
                new JsonArray(west, south + dLat), new JsonArray(west, south))),
        };
    }

    /// <summary>A square inside each demo county's extent: a boundary must lie in the county it is filed in.</summary>
    public static JsonObject SquareIn(string county) => county switch
    {
        "140522" => Square(112.45, 35.48),
        "140581" => Square(112.90, 35.79),
        "140121" => Square(112.36, 37.61),
        "140122" => Square(112.67, 38.06),
        _ => Square(),
    };

    public static JsonObject LandUse() => new() { ["type"] = "Land" };

    /// <summary>
    /// The documents a direct submission with these uses must carry by the shipped rules file: 申请表, 项目批准文件 and
    /// 勘测定界图 always, the forest feasibility report for forest use, the grassland use plan for grassland use.
    /// </summary>
    public static JsonArray DocumentsFor(JsonArray uses)
    {
        var types = PortalFixtures.CommonDocuments.ToList();
        var kinds = uses.Select(u => u!["type"]!.GetValue<string>()).ToHashSet();
        if (kinds.Contains("Forest")) types.Add(("forest-feasibility-report", "使用林地可行性报告.pdf"));
        if (kinds.Contains("Grassland")) types.Add(("grassland-use-plan", "草原征占用方案.pdf"));
        var pdf = Convert.ToBase64String(PortalFixtures.Pdf());
        return new JsonArray(types.Select(t => (JsonNode)new JsonObject { ["documentType"] = t.Type, ["fileName"] = t.FileName, ["contentBase64"] = pdf }).ToArray());
    }

    public static JsonObject ForestUse(decimal hectares, string kind = "Other") => new() { ["type"] = "Forest", ["areaHa"] = hectares, ["forestKind"] = kind, ["forestTerm"] = "Permanent" };

    public async Task<(Guid Id, string Number)> SubmitAsync(HttpClient applicant, string county = "140525", string declaredLevel = "County",
        JsonArray? uses = null, JsonObject? boundary = null, string? key = null)
    {
        var created = await SubmitForAnswerAsync(applicant, county, declaredLevel, uses, boundary, key);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("number").GetString()!);
    }

    /// <summary>Submits as <see cref="SubmitAsync"/> does and returns the whole answer (the case and the land other cases claim).</summary>
    public async Task<JsonElement> SubmitForAnswerAsync(HttpClient applicant, string county = "140525", string declaredLevel = "County",
        JsonArray? uses = null, JsonObject? boundary = null, string? key = null)
    {
        var body = new JsonObject
        {
            ["idempotencyKey"] = key ?? Guid.NewGuid().ToString(),
            ["countyCode"] = county,
            ["project"] = new JsonObject { ["name"] = "晋城至阳城公路改建工程", ["code"] = "2026-140525-48-01-000001", ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
            ["declaredApprovalLevel"] = declaredLevel,
            ["uses"] = uses ?? new JsonArray(LandUse()),
            ["boundary"] = boundary ?? SquareIn(county),
        };
        body["documents"] = DocumentsFor(body["uses"]!.AsArray());
        var response = await applicant.PostAsJsonAsync("/api/cases", body);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Submit failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits (background work runs on Hangfire) until the user's inbox holds a task of the case, and returns it.</summary>
    public async Task<JsonElement> WaitForTaskAsync(HttpClient user, Guid caseId, string? stage = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var page = await user.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=200");
            foreach (var task in page.GetProperty("tasks").EnumerateArray())
                if (task.GetProperty("caseId").GetGuid() == caseId && (stage is null || task.GetProperty("stage").GetString() == stage))
                    return task;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {stage ?? "any"} task of case {caseId} reached the inbox; case: {await CaseJsonAsync(caseId)}");
            await Task.Delay(200);
        }
    }

    public async Task<HttpResponseMessage> CompleteAsync(HttpClient user, JsonElement task, string outcome, string opinion = "经审查，符合要求。", string? conditions = null) =>
        await user.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome, opinion, conditions });

    public async Task CompleteOkAsync(HttpClient user, Guid caseId, string outcome, string? stage = null, string opinion = "经审查，符合要求。")
    {
        var task = await WaitForTaskAsync(user, caseId, stage);
        var response = await CompleteAsync(user, task, outcome, opinion);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Completing {task.GetProperty("name")} with {outcome} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonElement> CaseAsync(HttpClient client, Guid caseId) => await client.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");

    private async Task<string> CaseJsonAsync(Guid caseId)
    {
        if (app is null) return "(not available)";
        var admin = await app.SignedInAs("admin");
        return await admin.GetStringAsync($"/api/cases/{caseId}");
    }

    /// <summary>Waits until the workflow's spatial check of the case (after acceptance) is stored, and returns its id.</summary>
    public async Task<Guid> WaitForSpatialCheckAsync(Guid caseId)
    {
        var database = (app ?? throw new InvalidOperationException("A driver without its host cannot look into the database.")).Database;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await database.ScalarAsync<object?>($"SELECT id FROM spatial_checks WHERE case_id = '{caseId}' ORDER BY created_at DESC LIMIT 1") is Guid check)
                return check;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No spatial check of case {caseId} was stored.");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the case reaches a status (after background work).</summary>
    public async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid caseId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var c = await CaseAsync(client, caseId);
            if (c.GetProperty("status").GetString() == status) return c;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Case {caseId} did not reach {status}: {c}");
            await Task.Delay(200);
        }
    }
}
