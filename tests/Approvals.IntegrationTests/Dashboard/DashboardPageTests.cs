using Approvals.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Dashboard;

[Collection(ApprovalsCollection.Name)]
public sealed class DashboardPageTests(ApprovalsApp app)
{
    [Fact]
    public async Task A_city_supervisor_sees_the_dashboard_for_that_citys_counties_only()
    {
        await using var browser = await app.BrowserAs("jincheng.supervisor");
        var page = browser.Page;
        var failed = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync("/dashboard?from=2026-01-01");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "督办看板", Level = 1 })).ToBeVisibleAsync();

        var counties = await page.GetByLabel("县", new() { Exact = true }).Locator("option").AllTextContentsAsync();
        Assert.Equal(["全部", "阳城县", "泽州县", "高平市"], counties);

        // Every table naming counties names only Jincheng's.
        var named = await page.Locator("#deadlines-table tbody td:first-child, #timebycounty-table tbody td:first-child").AllTextContentsAsync();
        Assert.All(named.Select(n => n.Trim()).Where(n => n is not ("合计" or "没有数据")),
            n => Assert.Contains(n, new[] { "阳城县", "泽州县", "高平市" }));
        Assert.DoesNotContain("阳曲县", await page.ContentAsync());

        // Each chart is drawn next to its table, and each table can be exported.
        Assert.True(await page.Locator("canvas[data-chart]").CountAsync() >= 10);
        Assert.Equal(14, await page.GetByRole(AriaRole.Link, new() { Name = "导出 CSV" }).CountAsync());
        await browser.ScreenshotAsync("dashboard");
        Assert.Empty(failed);
        Assert.True(browser.Problems.Count == 0, string.Join(" | ", browser.Problems));
    }

    [Fact]
    public async Task A_bad_date_is_shown_next_to_the_field()
    {
        await using var browser = await app.BrowserAs("shanxi.supervisor");
        var page = browser.Page;
        await page.GotoAsync("/dashboard?from=2026-05-01&to=2026-04-01");
        await Assertions.Expect(page.Locator("#to-error")).ToHaveTextAsync("结束日期不能早于开始日期");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task A_reviewer_is_not_shown_the_dashboard()
    {
        await using var browser = await app.BrowserAs("zezhou.land");
        var response = await browser.Page.GotoAsync("/dashboard");
        Assert.DoesNotContain("/dashboard", browser.Page.Url.Replace("ReturnUrl=%2Fdashboard", ""));
        Assert.NotNull(response);
    }
}
