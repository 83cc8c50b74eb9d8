using System.Text.RegularExpressions;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Inbox;

/// <summary>The joint review worked in the browser, from the county window to the city's decision.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class InboxBrowserTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task The_window_accepts_two_departments_agree_in_parallel_the_city_decides_and_the_applicant_sees_the_document_number()
    {
        var applicantApi = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicantApi, declaredLevel: "City", uses: InboxClient.LandAndForest());

        // The county window finds the application in its inbox and accepts it.
        await using (var clerk = Watched(await app.BrowserAs("zezhou.clerk")))
        {
            var page = clerk.Page;
            await page.GotoAsync("/inbox");
            await page.GetByLabel("搜索").FillAsync(number);
            await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
            var row = page.Locator("table.inbox tbody tr", new() { HasText = number });
            await Assertions.Expect(row).ToContainTextAsync("受理（形式审查）");
            await Assertions.Expect(row).ToContainTextAsync("剩余 5 个工作日");
            await clerk.ScreenshotAsync("inbox-window-clerk");
            // Claiming keeps the filters and shows colleagues who holds the task.
            await row.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已签收");
            await Assertions.Expect(row).ToContainTextAsync("zezhou.clerk");
            await Assertions.Expect(page.GetByLabel("搜索")).ToHaveValueAsync(number);
            await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "受理（形式审查）" })).ToBeVisibleAsync();
            await GiveOpinionAsync(page, "受理", "材料齐全，予以受理。");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("办理意见已提交");
            NoProblems(clerk);
        }

        // Land and forest review the case at the county at the same time.
        await BothAgreeAsync(id, "zezhou.land", "zezhou.forest", "县级初审同意。");

        // Forwarded: the city's reviewers find it, see the county's opinions, agree, and land decides.
        await BothAgreeAsync(id, "jincheng.land", "jincheng.forest", "市级审查同意。");
        var cityLand = await app.SignedInAs("jincheng.land");
        var decision = await cases.WaitForTaskAsync(cityLand, id, "Decision");
        await using (var city = Watched(await app.BrowserAs("jincheng.land")))
        {
            var page = city.Page;
            await page.GotoAsync($"/inbox/tasks/{decision.GetProperty("id").GetGuid()}");
            var opinions = page.Locator("table.opinions");
            await Assertions.Expect(opinions).ToContainTextAsync("县级初审同意。");
            await Assertions.Expect(opinions).ToContainTextAsync("市级审查同意。");
            await Assertions.Expect(page.Locator(".boundary-map")).ToHaveAttributeAsync("data-state", "loaded", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByLabel("不予批准", new() { Exact = true })).ToBeVisibleAsync();
            // An internal note first: staff see it on the timeline, the applicant never does.
            await page.GetByRole(AriaRole.Textbox, new() { Name = "内容" }).FillAsync("已电话核实建设单位，材料真实。");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("内部备注已保存");
            await Assertions.Expect(page.Locator("ol.timeline li.internal")).ToContainTextAsync("已电话核实建设单位");
            await city.ScreenshotAsync("review-city-decision");
            await GiveOpinionAsync(page, "批准", "同意该项目通过用地预审。");
            NoProblems(city);
        }

        // The applicant's case page shows the decision with its document number.
        await cases.WaitForStatusAsync(applicantApi, id, "Approved");
        await using var applicant = Watched(await app.BrowserAs("applicant"));
        await applicant.Page.GotoAsync($"/cases/{id}");
        await Assertions.Expect(applicant.Page.Locator("section.decision")).ToContainTextAsync(new Regex(@"晋\S*预审〔\d{4}〕\d+号"));
        Assert.DoesNotContain("已电话核实建设单位", await applicant.Page.ContentAsync());
        NoProblems(applicant);
    }

    [Fact]
    public async Task A_reviewer_who_acts_on_a_task_a_colleague_has_just_completed_is_told_so_in_their_language()
    {
        var (id, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), id, "Review");
        var colleague = await InboxClient.ColleagueAsync(app, "reviewer", "140525", "Land");

        await using var first = Watched(await app.BrowserAs("zezhou.land"));
        await first.Page.GotoAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(first.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" })).ToBeVisibleAsync();
        // An opinion is required: the message stands next to the field, nothing is submitted.
        await first.Page.GetByLabel("Agree", new() { Exact = true }).CheckAsync();
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(first.Page.Locator("#opinion-error")).ToHaveTextAsync("Write an opinion");

        // Meanwhile a colleague completes the same task.
        var done = await cases.CompleteAsync(colleague, task, "Disagree", "选址与规划不符。");
        Assert.True(done.IsSuccessStatusCode);

        await first.Page.GetByRole(AriaRole.Textbox, new() { Name = "Opinion" }).FillAsync("Agreed.");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(first.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("has already completed this task (Disagree); your action had no effect.");
        Assert.DoesNotContain("/inbox?", first.Page.Url);
        NoProblems(first);
    }

    private async Task BothAgreeAsync(Guid caseId, string first, string second, string opinion)
    {
        var tasks = await Task.WhenAll(
            cases.WaitForTaskAsync(await app.SignedInAs(first), caseId, "Review"),
            cases.WaitForTaskAsync(await app.SignedInAs(second), caseId, "Review"));
        await using var a = Watched(await app.BrowserAs(first));
        await using var b = Watched(await app.BrowserAs(second));
        await Task.WhenAll(a.Page.GotoAsync($"/inbox/tasks/{tasks[0].GetProperty("id").GetGuid()}"), b.Page.GotoAsync($"/inbox/tasks/{tasks[1].GetProperty("id").GetGuid()}"));
        await Task.WhenAll(GiveOpinionAsync(a.Page, "同意", opinion), GiveOpinionAsync(b.Page, "同意", opinion));
        await Assertions.Expect(a.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("办理意见已提交");
        await Assertions.Expect(b.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("办理意见已提交");
        NoProblems(a);
        NoProblems(b);
    }

    /// <summary>No console error, script error or failed request on any page the session opened.</summary>
    private static void NoProblems(BrowserSession session) => Assert.True(session.Problems.Count == 0, string.Join("\n", session.Problems));

    /// <summary>Names the address of every answer above 399 among the session's problems (the console only says "404").</summary>
    private static BrowserSession Watched(BrowserSession session)
    {
        session.Page.Response += (_, response) => { if (response.Status >= 400) session.Problems.Add($"{response.Status} {response.Url}"); };
        return session;
    }

    private static async Task GiveOpinionAsync(IPage page, string outcome, string opinion)
    {
        await page.GetByLabel(outcome, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "审查意见" }).FillAsync(opinion);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交办理意见" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
    }
}
