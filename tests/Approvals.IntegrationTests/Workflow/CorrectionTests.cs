using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>A correction (补正) may change the application itself; the case is then checked and routed again.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CorrectionTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private static JsonObject Application(string name, JsonArray uses, string declaredLevel = "County") => new()
    {
        ["project"] = new JsonObject { ["name"] = name, ["code"] = "2026-140525-48-01-000001", ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
        ["declaredApprovalLevel"] = declaredLevel,
        ["uses"] = uses,
    };

    [Fact]
    public async Task A_correction_that_adds_forest_use_above_10_ha_brings_a_forest_review_and_a_provincial_decision()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "ReturnForCorrection", "Review", "项目需使用林地 12 公顷，请一并申请用林。");
        await cases.WaitForStatusAsync(applicant, id, "AwaitingCorrection");

        var resubmit = await applicant.PostAsJsonAsync($"/api/cases/{id}/resubmit", new JsonObject
        {
            ["note"] = "已增加用林申请。",
            ["application"] = Application("晋城至阳城公路改建工程（含林地）", new JsonArray(CaseDriver.LandUse(), CaseDriver.ForestUse(12m))),
        });
        Assert.Equal(HttpStatusCode.OK, resubmit.StatusCode);

        // Routed again from the corrected uses: the county's forest department now reviews, and the province decides.
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), id, "Review");
        var routed = await cases.CaseAsync(applicant, id);
        Assert.Equal("晋城至阳城公路改建工程（含林地）", routed.GetProperty("projectName").GetString());
        Assert.Equal(["Land", "Forest"], routed.GetProperty("uses").EnumerateArray().Select(u => u.GetProperty("type").GetString()!).ToArray());
        Assert.Contains("Forest", routed.GetProperty("requiredDepartments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("Province", routed.GetProperty("decidingLevel").GetString());
        var corrected = Assert.Single(routed.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "application-corrected");
        Assert.Contains("项目名称", corrected.GetProperty("summary").GetString());
        Assert.Contains("用林 12 公顷", corrected.GetProperty("summary").GetString());
        Assert.Contains("forest 12 ha", corrected.GetProperty("summaryEn").GetString());

        // Finished tasks show the corrected name too: the reviewer who asked for the correction finds the case by it.
        var done = await land.GetFromJsonAsync<JsonElement>($"/api/inbox?tab=Done&q={Uri.EscapeDataString(number)}");
        var row = Assert.Single(done.GetProperty("rows").EnumerateArray(), r => r.GetProperty("caseId").GetGuid() == id);
        Assert.Equal("晋城至阳城公路改建工程（含林地）", row.GetProperty("projectName").GetString());
        Assert.Contains("Forest", row.GetProperty("useTypes").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public async Task A_correction_with_an_invalid_application_is_refused_with_reasons_and_changes_nothing()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "ReturnForCorrection", "Acceptance", "请核对项目名称。");
        await cases.WaitForStatusAsync(applicant, id, "AwaitingCorrection");

        var resubmit = await applicant.PostAsJsonAsync($"/api/cases/{id}/resubmit", new JsonObject
        {
            ["note"] = "已修改。",
            ["application"] = Application("", new JsonArray(new JsonObject { ["type"] = "Forest" })),
        });

        Assert.Equal(HttpStatusCode.BadRequest, resubmit.StatusCode);
        // The problem's messages, unescaped (the JSON writer escapes Chinese as \uXXXX).
        var problem = JsonNode.Parse(await resubmit.Content.ReadAsStringAsync())!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.True(problem.Contains("请填写项目名称", StringComparison.Ordinal), problem);
        Assert.Contains("用林、用草须填写面积", problem);
        Assert.Contains("用林须选择林地类别", problem);
        Assert.DoesNotContain("不能为", problem);
        var unchanged = await cases.CaseAsync(applicant, id);
        Assert.Equal("AwaitingCorrection", unchanged.GetProperty("status").GetString());
        Assert.Equal("晋城至阳城公路改建工程", unchanged.GetProperty("projectName").GetString());
        Assert.Equal(["Land"], unchanged.GetProperty("uses").EnumerateArray().Select(u => u.GetProperty("type").GetString()!).ToArray());
        Assert.DoesNotContain(unchanged.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "application-corrected");
        await cases.WaitForTaskAsync(applicant, id, "Correction");
    }

    [Fact]
    public async Task Resubmitting_the_application_unchanged_records_no_change()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var clerk = await app.SignedInAs("zezhou.clerk");
        await cases.CompleteOkAsync(clerk, id, "ReturnForCorrection", "Acceptance", "请补充材料。");
        await cases.WaitForStatusAsync(applicant, id, "AwaitingCorrection");

        var resubmit = await applicant.PostAsJsonAsync($"/api/cases/{id}/resubmit", new JsonObject
        {
            ["note"] = "已补充材料。",
            ["application"] = Application("晋城至阳城公路改建工程", new JsonArray(CaseDriver.LandUse())),
        });
        Assert.Equal(HttpStatusCode.OK, resubmit.StatusCode);
        var back = await cases.WaitForStatusAsync(applicant, id, "AwaitingAcceptance");
        Assert.DoesNotContain(back.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "application-corrected");
    }
}
