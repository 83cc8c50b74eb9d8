using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Inbox;

/// <summary>The supervisor's reassignment list and the tables of the inbox and the review page, as a person sees them.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ReviewPageLayoutTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>How many lines the text of an element takes on screen.</summary>
    private const string LinesOf = """
        el => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; }
        """;

    [Fact]
    public async Task A_supervisor_can_hand_a_claimed_review_to_the_other_holder_of_the_post()
    {
        var (id, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        var task = await cases.WaitForTaskAsync(land, id, "Review");
        var taskId = task.GetProperty("id").GetGuid();
        await land.PostAsync($"/api/tasks/{taskId}/claim", null);

        await using var browser = await app.BrowserAs("zezhou.supervisor");
        var page = browser.Page;
        await page.GotoAsync($"/inbox/tasks/{taskId}");
        var options = page.Locator("#assignee option");
        // Every candidate of the post: the holder (shown, not choosable) and the colleague of the same department.
        await Assertions.Expect(options.Filter(new() { HasText = "zezhou.land2" })).ToHaveCountAsync(1);
        await Assertions.Expect(options.Filter(new() { HasText = "（zezhou.land）" })).ToBeDisabledAsync();
        await Assertions.Expect(options.Filter(new() { HasText = "zezhou.forest" })).ToHaveCountAsync(0);
        await page.Locator("#assignee").SelectOptionAsync(new SelectOptionValue { Label = (await options.Filter(new() { HasText = "zezhou.land2" }).TextContentAsync())!.Trim() });
        await page.GetByLabel("改派理由").FillAsync("原承办人出差，由 B 角办理");
        await page.Locator(".reassign").GetByRole(AriaRole.Button, new() { Name = "改派" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已改派");

        var review = await (await app.SignedInAs("zezhou.land2")).GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/review");
        Assert.Equal("zezhou.land2", review.GetProperty("task").GetProperty("assigneeName").GetString());
    }

    [Fact]
    public async Task Case_numbers_dates_and_levels_stay_on_one_line_beside_long_project_names_and_opinions()
    {
        var (id, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        var opinion = string.Concat(Enumerable.Repeat("申请材料齐全，符合法定形式，项目选址符合国土空间规划，予以受理并转部门审查。", 6));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance", opinion);
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), id, "Review");

        await using var browser = await app.BrowserAs("zezhou.land");
        var page = browser.Page;
        // A laptop screen: the narrower the table, the more a column is squeezed.
        await page.SetViewportSizeAsync(1024, 800);
        await page.GotoAsync("/inbox?q=" + number);
        var row = page.Locator("table.inbox tbody tr", new() { HasText = number });
        Assert.Equal(1, await row.Locator("td.case-number").EvaluateAsync<int>(LinesOf));
        Assert.Equal(1, await row.Locator("td.date").First.EvaluateAsync<int>(LinesOf));
        Assert.Equal(1, await row.Locator("td.due .date").EvaluateAsync<int>(LinesOf));

        await page.GotoAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}");
        var given = page.Locator("table.opinions tbody tr").First;
        await Assertions.Expect(given).ToContainTextAsync("予以受理");
        Assert.Equal(1, await given.Locator("td.level").EvaluateAsync<int>(LinesOf));
        Assert.Equal(1, await page.Locator("table.opinions th").First.EvaluateAsync<int>(LinesOf));
        Assert.Equal(1, await given.Locator("td.date").EvaluateAsync<int>(LinesOf));
        await browser.ScreenshotAsync("review-opinions-table");
    }
}
