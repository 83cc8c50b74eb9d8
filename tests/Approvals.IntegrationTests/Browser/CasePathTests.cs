using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Inbox;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

/// <summary>The case page shows the case's own path in the reader's language; the engineers' diagram stays on /workflows.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CasePathTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task The_case_page_shows_only_the_departments_that_apply_in_Chinese_and_in_English_once_chosen_by_link()
    {
        var (id, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"), uses: InboxClient.LandAndForest());
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), id, "Review");

        await using var browser = await app.BrowserAs("zezhou.land");
        var page = browser.Page;
        await page.GotoAsync($"/cases/{id}");
        var path = page.Locator("ol.case-path");
        await Assertions.Expect(path.Locator("> li").First).ToContainTextAsync("提交申请");
        await Assertions.Expect(path.Locator("> li.done", new() { HasText = "受理（形式审查）" })).ToContainTextAsync("受理");
        var review = path.Locator("> li.current", new() { HasText = "县级协同审查" });
        await Assertions.Expect(review.Locator(".branches li")).ToHaveTextAsync(["用地审查", "林业审查"]);
        await Assertions.Expect(path).Not.ToContainTextAsync("矿产审查");
        await Assertions.Expect(path).Not.ToContainTextAsync("草原审查");
        await Assertions.Expect(path.Locator("> li").Last).ToContainTextAsync("办结");
        var content = await page.ContentAsync();
        foreach (var engineering in new[] { "CaseTask", "ConsolidateReview", "Fork", "Join" }) Assert.DoesNotContain(engineering, content);
        await browser.ScreenshotAsync("case-path-zh");

        // English by link, and it stays English on the next page: steps, the system's entries and the routing's reasons.
        await page.GotoAsync($"/cases/{id}?culture=en");
        await page.GotoAsync($"/cases/{id}");
        await Assertions.Expect(path.Locator("> li.done", new() { HasText = "Acceptance (formal check)" })).ToContainTextAsync("Accept");
        await Assertions.Expect(path.Locator("> li.current", new() { HasText = "County joint review" }).Locator(".branches li")).ToHaveTextAsync(["Land review", "Forest review"]);
        await Assertions.Expect(page.Locator("table.grid").First).ToContainTextAsync("Land review");
        var routed = page.Locator("ol.timeline li", new() { HasText = "Reviewing departments" });
        await Assertions.Expect(routed.Locator(".who")).ToHaveTextAsync("System");
        Assert.DoesNotMatch("[\u4e00-\u9fff]", await path.InnerTextAsync());
        await browser.ScreenshotAsync("case-path-en");

        // The engineers' view keeps the whole definition.
        await page.GotoAsync("/workflows");
        await Assertions.Expect(page.Locator(".diagram svg g.activity[data-activity-id=review-grassland]")).ToHaveCountAsync(1);
    }
}
