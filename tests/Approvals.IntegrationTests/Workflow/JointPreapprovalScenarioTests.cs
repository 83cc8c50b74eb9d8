using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>Whole cases through the API: submission, acceptance, joint review, forwarding, decision.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class JointPreapprovalScenarioTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task A_county_level_land_case_is_accepted_reviewed_and_approved_at_the_county_with_a_document_number()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        Assert.Matches(@"^140525-\d{4}-\d{5}$", number);

        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance", "材料齐全，予以受理。");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Agree", "Review");
        await cases.CompleteOkAsync(land, id, "Approve", "Decision", "同意该项目通过用地预审。");

        var decided = await cases.WaitForStatusAsync(applicant, id, "Approved");
        var decision = decided.GetProperty("decision");
        Assert.Matches(@"^晋泽州自然资预审〔\d{4}〕\d+号$", decision.GetProperty("documentNumber").GetString()!);
        Assert.Equal("County", decision.GetProperty("level").GetString());
        Assert.Equal(new[] { "Land" }, decided.GetProperty("requiredDepartments").EnumerateArray().Select(d => d.GetString()!).ToArray());
        // Other tests file cases on the same squares: the warning that the land overlaps them is not this case's path.
        var kinds = decided.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).Where(k => k != "boundary-conflicts").ToList();
        Assert.Equal(new[] { "submitted", "acceptance-accept", "spatial-checked", "routed", "review-agree", "decision-approve", "approved" }, kinds);
        Assert.Equal(0, decided.GetProperty("openTasks").GetArrayLength());

        var page = await applicant.GetStringAsync($"/cases/{id}/decision");
        Assert.Contains(decision.GetProperty("documentNumber").GetString()!, page);
        Assert.Contains("原则同意该项目通过预审", page);
    }

    [Fact]
    public async Task A_forest_use_above_10_ha_is_first_reviewed_by_county_and_city_and_decided_by_the_province()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant, declaredLevel: "County",
            uses: new JsonArray(CaseDriver.ForestUse(12m)), boundary: CaseDriver.Square(sideMetres: 350));

        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.forest"), id, "Agree", "Review", "县级初审同意。");
        await cases.CompleteOkAsync(await app.SignedInAs("jincheng.forest"), id, "Agree", "Review", "市级初审同意。");
        var province = await app.SignedInAs("shanxi.forest");
        await cases.CompleteOkAsync(province, id, "Agree", "Review");
        await cases.CompleteOkAsync(province, id, "Approve", "Decision", "同意使用林地。");

        var decided = await cases.WaitForStatusAsync(applicant, id, "Approved");
        Assert.Equal("Province", decided.GetProperty("decidingLevel").GetString());
        Assert.Matches(@"^晋林草预审〔\d{4}〕\d+号$", decided.GetProperty("decision").GetProperty("documentNumber").GetString()!);
        var forwarded = decided.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "forwarded");
        Assert.Equal(2, forwarded);
    }

    [Fact]
    public async Task Each_level_sees_the_opinions_given_below_it()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant, declaredLevel: "City");
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.land"), id, "Agree", "Review", "县级初审：选址符合国土空间规划。");

        var city = await app.SignedInAs("jincheng.land");
        await cases.WaitForTaskAsync(city, id, "Review");
        var seenByCity = await cases.CaseAsync(city, id);
        Assert.Contains(seenByCity.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("opinion").ValueKind == JsonValueKind.String && e.GetProperty("opinion").GetString()!.Contains("选址符合国土空间规划"));
        Assert.Equal("City", seenByCity.GetProperty("currentLevel").GetString());
    }

    [Fact]
    public async Task The_deciding_department_may_refuse_with_reasons_and_the_refusal_takes_a_number_of_its_own_series()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Disagree", "Review", "项目选址占用规划林地，不符合要求。");
        await cases.CompleteOkAsync(land, id, "Refuse", "Decision", "不同意该项目通过预审：选址不符合国土空间规划。");

        var refused = await cases.WaitForStatusAsync(applicant, id, "Refused");
        var decision = refused.GetProperty("decision");
        Assert.Matches(@"^晋泽州自然资预审不予〔\d{4}〕\d+号$", decision.GetProperty("documentNumber").GetString()!);
        Assert.Contains("不符合国土空间规划", decision.GetProperty("opinion").GetString());
    }

    [Fact]
    public async Task The_window_may_refuse_to_accept_an_application()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "NotAccept", "Acceptance", "不属于本机关职权范围。");
        var closed = await cases.WaitForStatusAsync(applicant, id, "NotAccepted");
        Assert.Equal("不属于本机关职权范围。", closed.GetProperty("decision").GetProperty("opinion").GetString());
    }

    [Fact]
    public async Task A_correction_returns_the_case_to_the_applicant_and_pauses_the_clock_until_resubmission()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var clerk = await app.SignedInAs("zezhou.clerk");
        await cases.CompleteOkAsync(clerk, id, "ReturnForCorrection", "Acceptance", "请补充项目核准文件。");

        var waiting = await cases.WaitForStatusAsync(applicant, id, "AwaitingCorrection");
        Assert.NotEqual(JsonValueKind.Null, waiting.GetProperty("pausedSince").ValueKind);
        var correction = await cases.WaitForTaskAsync(applicant, id, "Correction");
        Assert.Equal("请补充项目核准文件。", correction.GetProperty("correctionRequest").GetString());

        var resubmit = await applicant.PostAsJsonAsync($"/api/cases/{id}/resubmit", new { note = "已补充核准文件。", boundary = CaseDriver.Square(sideMetres: 120) });
        Assert.Equal(HttpStatusCode.OK, resubmit.StatusCode);
        var back = await cases.WaitForStatusAsync(applicant, id, "AwaitingAcceptance");
        Assert.Equal(JsonValueKind.Null, back.GetProperty("pausedSince").ValueKind);
        var pause = Assert.Single(back.GetProperty("pauses").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, pause.GetProperty("to").ValueKind);
        Assert.InRange(back.GetProperty("boundaryAreaM2").GetDouble(), 120 * 120 * 0.97, 120 * 120 * 1.03);
        await cases.WaitForTaskAsync(clerk, id, "Acceptance");
    }

    [Fact]
    public async Task The_applicant_may_withdraw_before_the_decision_and_the_open_tasks_go_away()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var clerk = await app.SignedInAs("zezhou.clerk");
        await cases.WaitForTaskAsync(clerk, id, "Acceptance");

        var withdraw = await applicant.PostAsJsonAsync($"/api/cases/{id}/withdraw", new { reason = "项目取消。" });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        var closed = await cases.CaseAsync(applicant, id);
        Assert.Equal("Withdrawn", closed.GetProperty("status").GetString());
        Assert.Equal(0, closed.GetProperty("openTasks").GetArrayLength());
        var inbox = await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=200");
        Assert.DoesNotContain(inbox.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("caseId").GetGuid() == id);

        var again = await applicant.PostAsJsonAsync($"/api/cases/{id}/withdraw", new { reason = "再次撤回。" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Completing_the_same_task_twice_at_once_has_one_effect_and_the_other_gets_409()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var first = await app.SignedInAs("zezhou.clerk");
        var second = await app.SignedInAs("zezhou.clerk");
        var task = await cases.WaitForTaskAsync(first, id, "Acceptance");

        var responses = await Task.WhenAll(
            cases.CompleteAsync(first, task, "Accept", "予以受理。"),
            cases.CompleteAsync(second, task, "ReturnForCorrection", "请补正。"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order().ToArray());
        // The loser is told in the language of the page (Chinese by default), like every other message.
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Contains("刷新", (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var c = await cases.CaseAsync(applicant, id);
        var acceptanceEvents = c.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString()!.StartsWith("acceptance-", StringComparison.Ordinal));
        Assert.Equal(1, acceptanceEvents);
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_key_creates_one_case()
    {
        var applicant = await app.SignedInAs("applicant");
        var key = Guid.NewGuid().ToString();
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cases.SubmitAsync(applicant, key: key)));
        Assert.Single(results.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task A_reused_key_with_another_application_is_refused_with_422_and_files_nothing()
    {
        var applicant = await app.SignedInAs("applicant");
        var key = Guid.NewGuid().ToString();
        var (first, number) = await cases.SubmitAsync(applicant, key: key);

        var other = await applicant.PostAsJsonAsync("/api/cases", new JsonObject
        {
            ["idempotencyKey"] = key, ["countyCode"] = "140522", ["declaredApprovalLevel"] = "City",
            ["project"] = new JsonObject { ["name"] = "阳城县另一项目", ["owner"] = "晋城示范能源有限公司", ["type"] = "能源" },
            ["uses"] = new JsonArray(CaseDriver.ForestUse(1.5m)), ["boundary"] = CaseDriver.Square(112.45, 35.48),
            ["documents"] = CaseDriver.DocumentsFor(new JsonArray(CaseDriver.ForestUse(1.5m))),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(number, problem.GetProperty("detail").GetString());
        // The first application is still the only one made with this key, and a true retry still finds it.
        Assert.Equal(first, (await cases.SubmitAsync(applicant, key: key)).Id);
    }

    [Fact]
    public async Task Outcomes_that_do_not_belong_to_the_step_and_missing_opinions_are_400s()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var clerk = await app.SignedInAs("zezhou.clerk");
        var task = await cases.WaitForTaskAsync(clerk, id, "Acceptance");

        var wrongOutcome = await cases.CompleteAsync(clerk, task, "Approve");
        Assert.Equal(HttpStatusCode.BadRequest, wrongOutcome.StatusCode);
        Assert.Contains("outcome", await wrongOutcome.Content.ReadAsStringAsync());
        var noOpinion = await cases.CompleteAsync(clerk, task, "Accept", opinion: "");
        Assert.Equal(HttpStatusCode.BadRequest, noOpinion.StatusCode);
        Assert.Contains("请填写意见", await noOpinion.Content.ReadAsStringAsync());
        Assert.Equal("AwaitingAcceptance", (await cases.CaseAsync(applicant, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Tasks_and_cases_of_another_county_or_department_are_out_of_reach()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.clerk"), id, "Acceptance");

        var otherCounty = await app.SignedInAs("yangcheng.clerk");
        Assert.Equal(HttpStatusCode.NotFound, (await otherCounty.GetAsync($"/api/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cases.CompleteAsync(otherCounty, task, "Accept")).StatusCode);
        var forestReviewer = await app.SignedInAs("zezhou.forest");
        Assert.Equal(HttpStatusCode.NotFound, (await cases.CompleteAsync(forestReviewer, task, "Accept")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAs("jincheng.supervisor")).GetAsync($"/api/cases/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_extends_the_time_limit_once_with_a_reason()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var accepted = await cases.CaseAsync(applicant, id);
        var due = DateOnly.Parse(accepted.GetProperty("dueOn").GetString()!);

        var supervisor = await app.SignedInAs("zezhou.supervisor");
        var extended = await supervisor.PostAsJsonAsync($"/api/cases/{id}/extend", new { reason = "需组织专家论证。" });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        var newDue = DateOnly.Parse((await extended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueOn").GetString()!);
        Assert.True(newDue > due.AddDays(15), $"15 working days after {due} is later than {newDue}");
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync($"/api/cases/{id}/extend", new { reason = "再次延期。" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.PostAsJsonAsync($"/api/cases/{id}/extend", new { reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task The_case_page_shows_the_cases_path_with_the_current_step_and_the_history()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.clerk"), id, "Acceptance");
        var page = await applicant.GetStringAsync($"/cases/{id}");
        Assert.Contains(number, page);
        // The case's own path (the engineers' diagram is on /workflows), at acceptance now.
        Assert.Matches(new Regex("<li class=\"step current\">\\s*<span class=\"name\">受理（形式审查）</span>"), page);
        Assert.Contains("提交申请，案件编号", page);
        Assert.DoesNotContain("流程日志", page);

        // Staff also see the workflow's journal: every activity run, when, by whom, with what outcome.
        var staffPage = await (await app.SignedInAs("zezhou.clerk")).GetStringAsync($"/cases/{id}");
        Assert.Contains("流程日志", staffPage);
        Assert.Contains("joint-preapproval v1", staffPage);
        Assert.Contains("受理（形式审查）", staffPage);
        Assert.Contains("Suspended", staffPage);
    }
}
