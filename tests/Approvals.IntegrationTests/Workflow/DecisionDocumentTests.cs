using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>
/// The decision says what was decided: every level's conditions with who asked for them, the authorities that issue it,
/// the overlaps, the validity; a refusal is a numbered document with reasons, legal basis and the applicant's remedies;
/// each in the reader's language only.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DecisionDocumentTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>
    /// A land and 3 ha forest case (decided by the city) whose boundary's western strip is forest land: the county and the
    /// city forestry bureaus both agree with conditions. Returns the case at its decision task.
    /// </summary>
    internal static async Task<Guid> CaseWithConditionsAtTheCityAsync(ApprovalsApp app, CaseDriver cases, double west, double south)
    {
        await ImportForestAsync(app, CaseDriver.Rectangle(west - 0.0011, south - 0.001, 200, 500));
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant, declaredLevel: "County",
            uses: new JsonArray(CaseDriver.LandUse(), CaseDriver.ForestUse(3m)), boundary: CaseDriver.Square(west, south, sideMetres: 300));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.land"), id, "Agree", "Review", "县级初审同意。");
        await CompleteWithConditionsAsync(cases, await app.SignedInAs("zezhou.forest"), id, "缴纳森林植被恢复费");
        await cases.CompleteOkAsync(await app.SignedInAs("jincheng.land"), id, "Agree", "Review", "市级审查同意。");
        await CompleteWithConditionsAsync(cases, await app.SignedInAs("jincheng.forest"), id, "依法办理林木采伐许可手续\n做好施工期水土保持");
        await cases.WaitForTaskAsync(await app.SignedInAs("jincheng.land"), id, "Decision");
        return id;
    }

    private static async Task CompleteWithConditionsAsync(CaseDriver cases, HttpClient reviewer, Guid id, string conditions)
    {
        var task = await cases.WaitForTaskAsync(reviewer, id, "Review");
        var response = await cases.CompleteAsync(reviewer, task, "AgreeWithConditions", "同意使用林地。", conditions);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task ImportForestAsync(ApprovalsApp app, JsonObject polygon)
    {
        var layer = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(new JsonObject { ["type"] = "Feature", ["properties"] = new JsonObject { ["name"] = "泽州县集体林地" }, ["geometry"] = polygon }),
        };
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            "FOR", "forest.geojson", Encoding.UTF8.GetBytes(layer.ToJsonString()), null, "name", Replace: false));
    }

    private static string[] Texts(JsonElement decision) =>
        decision.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToArray();

    [Fact]
    public async Task Every_level_s_conditions_reach_the_approval_attributed_to_their_forestry_bureau_beside_the_decider_s_own()
    {
        var id = await CaseWithConditionsAtTheCityAsync(app, cases, 112.90, 35.66);
        var city = await app.SignedInAs("jincheng.land");
        var task = await cases.WaitForTaskAsync(city, id, "Decision");
        var response = await cases.CompleteAsync(city, task, "Approve", "同意该项目通过预审。", "临时用地使用期满后及时复垦");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var applicant = await app.SignedInAs("applicant");
        var decision = (await cases.WaitForStatusAsync(applicant, id, "Approved")).GetProperty("decision");
        Assert.Equal(new[] { "缴纳森林植被恢复费", "依法办理林木采伐许可手续", "做好施工期水土保持", "临时用地使用期满后及时复垦" }, Texts(decision));
        var conditions = decision.GetProperty("conditions").EnumerateArray().ToList();
        Assert.Equal("泽州县林业局", conditions[0].GetProperty("authority").GetString());
        Assert.Equal("County", conditions[0].GetProperty("level").GetString());
        Assert.Equal("Forest", conditions[0].GetProperty("department").GetString());
        Assert.Equal("晋城市林业局", conditions[1].GetProperty("authority").GetString());
        Assert.True(conditions[3].GetProperty("byDecider").GetBoolean());

        var page = await applicant.GetStringAsync($"/cases/{id}/decision");
        Assert.Contains("缴纳森林植被恢复费（泽州县林业局提出）", page);
        Assert.Contains("依法办理林木采伐许可手续（晋城市林业局提出）", page);
        Assert.Contains("临时用地使用期满后及时复垦（晋城市自然资源局提出）", page);
        var casePage = await applicant.GetStringAsync($"/cases/{id}");
        Assert.Contains("缴纳森林植被恢复费", casePage);
    }

    [Fact]
    public async Task The_decider_settles_the_final_list_editing_removing_and_adding_and_cannot_attribute_words_to_a_review_of_another_case()
    {
        var id = await CaseWithConditionsAtTheCityAsync(app, cases, 112.90, 35.62);
        var city = await app.SignedInAs("jincheng.land");
        var task = await cases.WaitForTaskAsync(city, id, "Decision");
        var taskId = task.GetProperty("id").GetGuid();
        var draft = await city.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/decision-draft");
        var collected = draft.GetProperty("conditions").EnumerateArray().ToList();
        Assert.Equal(3, collected.Count);
        Assert.Equal(new[] { "晋城市自然资源局", "晋城市林业局" }, draft.GetProperty("issuers").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray());
        var county = collected[0].GetProperty("fromTaskId").GetGuid();

        var stranger = await city.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new
        {
            outcome = "Approve", opinion = "同意。",
            finalConditions = new[] { new { text = "伪造的条件", fromTaskId = (Guid?)Guid.NewGuid() } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);

        var settled = await city.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new
        {
            outcome = "Approve", opinion = "同意。",
            finalConditions = new[]
            {
                new { text = "足额缴纳森林植被恢复费后方可使用林地", fromTaskId = (Guid?)county },
                new { text = "严格控制施工范围", fromTaskId = (Guid?)null },
            },
        });
        Assert.True(settled.IsSuccessStatusCode, await settled.Content.ReadAsStringAsync());
        var decision = (await cases.WaitForStatusAsync(city, id, "Approved")).GetProperty("decision");
        Assert.Equal(new[] { "足额缴纳森林植被恢复费后方可使用林地", "严格控制施工范围" }, Texts(decision));
        Assert.Equal("泽州县林业局", decision.GetProperty("conditions")[0].GetProperty("authority").GetString());
    }

    [Fact]
    public async Task The_issuers_are_the_city_s_bureaus_by_name_jointly_and_the_approval_states_its_overlaps_and_validity_in_one_language()
    {
        var id = await CaseWithConditionsAtTheCityAsync(app, cases, 112.90, 35.58);
        await cases.CompleteOkAsync(await app.SignedInAs("jincheng.land"), id, "Approve", "Decision", "同意该项目通过预审。");
        var applicant = await app.SignedInAs("applicant");
        var decision = (await cases.WaitForStatusAsync(applicant, id, "Approved")).GetProperty("decision");
        // 晋城市's bureaus number as 晋城…, not 晋晋城….
        Assert.Matches(@"^晋城自然资预审〔\d{4}〕\d+号$", decision.GetProperty("documentNumber").GetString()!);
        Assert.Equal(new[] { "晋城市自然资源局", "晋城市林业局" }, decision.GetProperty("issuers").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray());
        var issuedOn = DateOnly.FromDateTime(decision.GetProperty("at").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).DateTime);
        Assert.Equal(issuedOn.AddYears(3).AddDays(-1), DateOnly.Parse(decision.GetProperty("validUntil").GetString()!));

        var zh = Article(await applicant.GetStringAsync($"/cases/{id}/decision"));
        Assert.Contains("晋城市自然资源局", zh);
        Assert.Contains("晋城市林业局", zh);
        Assert.DoesNotContain("jincheng.land", zh);
        Assert.DoesNotContain("主管部门", zh);
        Assert.Contains("经自然资源（用地）、林业部门协同审查", zh);
        Assert.Matches(@"林地[^ ]* \d+\.\d{2} 公顷（\d+\.\d{2} 亩，占项目 \d+\.\d%）", zh);
        Assert.Contains($"本预审意见有效期为 3 年，自发文之日起至 {issuedOn.AddYears(3).AddDays(-1):yyyy年M月d日} 止。", zh);
        Assert.DoesNotMatch("[A-Za-z]{3,}", Regex.Replace(zh, "<[^>]+>", ""));

        var en = Article(await applicant.GetStringAsync($"/cases/{id}/decision?culture=en"));
        Assert.Contains("Jincheng City Natural Resources Bureau", en);
        Assert.Contains("Jincheng City Forestry Bureau", en);
        Assert.Contains("Following a joint review by the Land (natural resources), Forestry departments", en);
        Assert.Contains("required by Zezhou County Forestry Bureau", en);
        Assert.Matches(@"Forest land[^,]* \d+\.\d{2} ha", en);
        Assert.Contains("valid for 3 years", en);
        // Nothing Chinese but what the applicant and the reviewers wrote (project, owner, opinions, conditions) and the number.
        var userText = new[] { "晋城至阳城公路改建工程", "晋城示范能源有限公司", "同意该项目通过预审。", "缴纳森林植被恢复费", "依法办理林木采伐许可手续", "做好施工期水土保持", decision.GetProperty("documentNumber").GetString()! };
        var rest = userText.Aggregate(Regex.Replace(en, "<[^>]+>", ""), (text, allowed) => text.Replace(allowed, ""));
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", rest);
    }

    [Fact]
    public async Task A_refusal_is_a_numbered_document_with_its_reasons_legal_basis_and_the_right_to_reconsideration_or_to_sue()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Disagree", "Review", "选址不符合国土空间规划。");
        await cases.CompleteOkAsync(land, id, "Refuse", "Decision", "项目选址位于国土空间规划确定的农业空间，不符合用途管制要求。");

        var decision = (await cases.WaitForStatusAsync(applicant, id, "Refused")).GetProperty("decision");
        Assert.Matches(@"^晋泽州自然资预审不予〔\d{4}〕\d+号$", decision.GetProperty("documentNumber").GetString()!);
        Assert.Contains("土地管理法", decision.GetProperty("legalBasis").GetString());

        var zh = Article(await applicant.GetStringAsync($"/cases/{id}/decision"));
        Assert.Contains("建设项目用地用矿用林用草预审不予通过决定书", zh);
        Assert.Contains(decision.GetProperty("documentNumber").GetString()!, zh);
        Assert.Contains("不予通过预审的理由：项目选址位于国土空间规划确定的农业空间", zh);
        Assert.Contains("依据《中华人民共和国土地管理法》第五十二条", zh);
        Assert.Contains("自收到本决定书之日起 60 日内向泽州县人民政府申请行政复议", zh);
        Assert.Contains("6 个月内依法向人民法院提起行政诉讼", zh);
        Assert.Contains("泽州县自然资源局", zh);

        var en = Article(await applicant.GetStringAsync($"/cases/{id}/decision?culture=en"));
        Assert.Contains("administrative reconsideration within 60 days", en);
        Assert.Contains("People's Government of Zezhou County", en);
        Assert.Contains("within 6 months", en);
        Assert.Contains("Land Administration Law", en);
    }

    [Fact]
    public async Task The_deciding_reviewer_may_cite_another_legal_basis_for_a_refusal()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Disagree", "Review", "占用永久基本农田。");
        var task = await cases.WaitForTaskAsync(land, id, "Decision");
        var response = await land.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetGuid()}/complete",
            new { outcome = "Refuse", opinion = "占用永久基本农田且不属于国家重点项目。", legalBasis = "《中华人民共和国土地管理法》第三十五条" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var decision = (await cases.WaitForStatusAsync(applicant, id, "Refused")).GetProperty("decision");
        Assert.Equal("《中华人民共和国土地管理法》第三十五条", decision.GetProperty("legalBasis").GetString());
    }

    private static string Article(string html)
    {
        var start = html.IndexOf("<article", StringComparison.Ordinal);
        var end = html.IndexOf("</article>", StringComparison.Ordinal);
        return WebUtility.HtmlDecode(html[start..end]);
    }
}
