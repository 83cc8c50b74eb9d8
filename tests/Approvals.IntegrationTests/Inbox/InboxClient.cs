using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Inbox;

/// <summary>Reads the inbox over the API the way the inbox page does.</summary>
internal static class InboxClient
{
    public static async Task<JsonElement> PageAsync(HttpClient user, string query = "")
    {
        var response = await user.GetAsync("/api/inbox" + (query.Length > 0 ? "?" + query : ""));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET /api/inbox?{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static IReadOnlyList<JsonElement> Rows(JsonElement page) => page.GetProperty("rows").EnumerateArray().ToList();

    /// <summary>The caller's to-do row of the case (found by searching its number), waiting for background work to create it.</summary>
    public static async Task<JsonElement> WaitForRowAsync(HttpClient user, string caseNumber, string? stage = null, string tab = "Todo")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var page = await PageAsync(user, $"tab={tab}&q={Uri.EscapeDataString(caseNumber)}");
            var row = Rows(page).FirstOrDefault(r => r.GetProperty("caseNumber").GetString() == caseNumber
                                                     && (stage is null || r.GetProperty("stage").GetString() == stage));
            if (row.ValueKind == JsonValueKind.Object) return row;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Case {caseNumber} never reached the {tab} tab ({stage})");
            await Task.Delay(200);
        }
    }

    /// <summary>A second member of staff with the same role, jurisdiction and department as a demo login.</summary>
    public static async Task<HttpClient> ColleagueAsync(ApprovalsApp app, string role, string jurisdiction, string? department)
    {
        var admin = await app.SignedInAs("admin");
        var userName = $"colleague-{Guid.NewGuid():N}"[..30];
        var created = await admin.PostAsJsonAsync("/api/staff", new
        {
            userName, displayName = "同科室审查员" + userName[^4..], role, jurisdictionCode = jurisdiction, department, email = (string?)null,
            password = ApprovalsApp.Password,
        });
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Creating {userName}: {await created.Content.ReadAsStringAsync()}");
        return await app.SignedInAs(userName);
    }

    public static JsonArray LandAndForest(decimal forestHa = 1m) => new(new JsonObject { ["type"] = "Land" }, Workflow.CaseDriver.ForestUse(forestHa));
}
