using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Inbox;

/// <summary>The reviewers' inbox over the API: what each person finds there, claiming, reassigning, notes, races.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class InboxTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task A_new_application_waits_in_the_county_windows_to_do_tab_and_is_found_by_number_or_project_name()
    {
        var (_, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140522");
        var clerk = await app.SignedInAs("yangcheng.clerk");

        var row = await InboxClient.WaitForRowAsync(clerk, number, "Acceptance");
        Assert.Equal("晋城至阳城公路改建工程", row.GetProperty("projectName").GetString());
        Assert.Equal(new[] { "Land" }, row.GetProperty("useTypes").EnumerateArray().Select(u => u.GetString()!).ToArray());
        Assert.Equal("County", row.GetProperty("level").GetString());
        Assert.Equal(5, row.GetProperty("workingDaysLeft").GetInt32());
        Assert.False(row.GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("assigneeName").ValueKind);

        // The tail of the number, a word of the project, and nothing for a word no project has.
        Assert.Contains(InboxClient.Rows(await InboxClient.PageAsync(clerk, "q=" + number[^5..])), r => r.GetProperty("caseNumber").GetString() == number);
        Assert.Contains(InboxClient.Rows(await InboxClient.PageAsync(clerk, "q=" + Uri.EscapeDataString("阳城公路"))), r => r.GetProperty("caseNumber").GetString() == number);
        Assert.Equal(0, (await InboxClient.PageAsync(clerk, "q=" + Uri.EscapeDataString("不存在的项目%_"))).GetProperty("total").GetInt32());

        // Another county's window does not see it; the tab sizes count what each one may work.
        var other = await InboxClient.PageAsync(await app.SignedInAs("zezhou.clerk"), "q=" + number);
        Assert.Equal(0, other.GetProperty("total").GetInt32());
        var mine = await InboxClient.PageAsync(clerk);
        Assert.True(mine.GetProperty("todo").GetInt32() >= 1);
    }

    [Fact]
    public async Task Filters_narrow_the_list_by_use_type_stage_county_and_overdue()
    {
        var applicant = await app.SignedInAs("applicant");
        var (_, landOnly) = await cases.SubmitAsync(applicant, county: "140581");
        var (_, withForest) = await cases.SubmitAsync(applicant, county: "140581", uses: InboxClient.LandAndForest());
        var clerk = await app.SignedInAs("gaoping.clerk");
        await InboxClient.WaitForRowAsync(clerk, withForest);

        var forest = InboxClient.Rows(await InboxClient.PageAsync(clerk, "useType=Forest&pageSize=100")).Select(r => r.GetProperty("caseNumber").GetString()).ToList();
        Assert.Contains(withForest, forest);
        Assert.DoesNotContain(landOnly, forest);
        Assert.Empty(InboxClient.Rows(await InboxClient.PageAsync(clerk, "stage=Review")));
        Assert.Empty(InboxClient.Rows(await InboxClient.PageAsync(clerk, "overdue=true")));
        Assert.NotEmpty(InboxClient.Rows(await InboxClient.PageAsync(clerk, "county=140581&sort=CaseNumber&desc=true")));

        var tooBig = await clerk.GetAsync("/api/inbox?pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("每页条数", await tooBig.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Claiming_shows_colleagues_who_holds_the_task_and_releasing_gives_it_back()
    {
        var (_, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140121");
        var clerk = await app.SignedInAs("qingxu.clerk");
        var colleague = await InboxClient.ColleagueAsync(app, "clerk", "140121", null);
        var row = await InboxClient.WaitForRowAsync(clerk, number);
        var taskId = row.GetProperty("taskId").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);
        var claimed = await InboxClient.WaitForRowAsync(clerk, number, tab: "Claimed");
        Assert.Equal("qingxu.clerk", claimed.GetProperty("assigneeName").GetString());
        Assert.Equal("qingxu.clerk", (await InboxClient.WaitForRowAsync(colleague, number)).GetProperty("assigneeName").GetString());
        Assert.Empty(InboxClient.Rows(await InboxClient.PageAsync(colleague, $"claim=Unclaimed&q={number}")));

        var grab = await colleague.PostAsync($"/api/tasks/{taskId}/claim", null);
        Assert.Equal(HttpStatusCode.Conflict, grab.StatusCode);
        Assert.Contains("qingxu.clerk", await grab.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await colleague.PostAsync($"/api/tasks/{taskId}/release", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/tasks/{taskId}/release", null)).StatusCode);
        Assert.NotEmpty(InboxClient.Rows(await InboxClient.PageAsync(colleague, $"claim=Unclaimed&q={number}")));
    }

    [Fact]
    public async Task A_supervisor_reassigns_a_task_with_a_reason_that_stays_out_of_the_applicants_sight()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant, county: "140122");
        var clerk = await app.SignedInAs("yangqu.clerk");
        var taskId = (await InboxClient.WaitForRowAsync(clerk, number)).GetProperty("taskId").GetGuid();
        await clerk.PostAsync($"/api/tasks/{taskId}/claim", null);
        var colleagueUser = await InboxClient.ColleagueAsync(app, "clerk", "140122", null);
        var review = await (await app.SignedInAs("yangqu.supervisor")).GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/review");
        var target = review.GetProperty("candidates").EnumerateArray().First(c => c.GetProperty("userName").GetString()!.StartsWith("colleague-"));

        // A reviewer may not reassign; a supervisor must give a reason.
        var byClerk = await clerk.PostAsJsonAsync($"/api/tasks/{taskId}/reassign", new { assigneeId = target.GetProperty("userId").GetGuid(), reason = "休假" });
        Assert.Equal(HttpStatusCode.Forbidden, byClerk.StatusCode);
        var supervisor = await app.SignedInAs("yangqu.supervisor");
        var noReason = await supervisor.PostAsJsonAsync($"/api/tasks/{taskId}/reassign", new { assigneeId = target.GetProperty("userId").GetGuid(), reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var toStranger = await supervisor.PostAsJsonAsync($"/api/tasks/{taskId}/reassign", new { assigneeId = Guid.NewGuid(), reason = "休假" });
        Assert.Equal(HttpStatusCode.BadRequest, toStranger.StatusCode);

        var ok = await supervisor.PostAsJsonAsync($"/api/tasks/{taskId}/reassign", new { assigneeId = target.GetProperty("userId").GetGuid(), reason = "原签收人休假，改由同事办理" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(target.GetProperty("userName").GetString(), (await InboxClient.WaitForRowAsync(colleagueUser, number, tab: "Claimed")).GetProperty("assigneeName").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await cases.CompleteAsync(clerk, await cases.WaitForTaskAsync(colleagueUser, id), "Accept")).StatusCode);

        var staffView = await cases.CaseAsync(supervisor, id);
        Assert.Contains(staffView.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "task-reassigned"
            && e.GetProperty("opinion").GetString() == "原签收人休假，改由同事办理" && e.GetProperty("internal").GetBoolean());
        var applicantView = await cases.CaseAsync(applicant, id);
        Assert.DoesNotContain(applicantView.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "task-reassigned");
        // Audited like every change people make: who reassigned, before and after.
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE entity_id = '{taskId}' AND actor_name = 'yangqu.supervisor' AND after LIKE '%{target.GetProperty("userId").GetGuid()}%'"));
    }

    [Fact]
    public async Task Internal_notes_are_kept_from_the_applicant_while_comments_reach_them()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        var clerk = await app.SignedInAs("zezhou.clerk");
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "申请人电话未接通，明日再联系。", @internal = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "请于三日内补充项目批准文件。", @internal = false })).StatusCode);
        // A note that does not say is internal, as on the review page: nothing reaches the applicant by omission.
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "现场踏勘安排在下周二。" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = " ", @internal = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "我也想写", @internal = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAs("yangcheng.clerk")).PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "越权", @internal = true })).StatusCode);

        var opinions = (await cases.CaseAsync(applicant, id)).GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("opinion")).Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()).ToList();
        Assert.Contains("请于三日内补充项目批准文件。", opinions);
        Assert.DoesNotContain("申请人电话未接通，明日再联系。", opinions);
        Assert.DoesNotContain("现场踏勘安排在下周二。", opinions);
        Assert.DoesNotContain("申请人电话未接通", await applicant.GetStringAsync($"/cases/{id}"));
        Assert.Contains("申请人电话未接通", await clerk.GetStringAsync($"/cases/{id}"));
    }

    [Fact]
    public async Task Two_reviewers_completing_the_same_task_at_once_one_wins_and_the_other_gets_a_conflict()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var first = await app.SignedInAs("zezhou.land");
        var second = await InboxClient.ColleagueAsync(app, "reviewer", "140525", "Land");
        var task = await cases.WaitForTaskAsync(first, id, "Review");

        var answers = await Task.WhenAll(
            cases.CompleteAsync(first, task, "Agree", "同意。"),
            cases.CompleteAsync(second, task, "Disagree", "不同意。"));
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }, answers.Select(a => a.StatusCode).Order().ToArray());

        var c = await cases.CaseAsync(first, id);
        Assert.Single(c.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString()!.StartsWith("review-"));
        var done = await InboxClient.PageAsync(first, $"tab=Done&q={number}");
        var doneBySecond = await InboxClient.PageAsync(second, $"tab=Done&q={number}");
        Assert.Equal(1, done.GetProperty("total").GetInt32() + doneBySecond.GetProperty("total").GetInt32());
    }
}
