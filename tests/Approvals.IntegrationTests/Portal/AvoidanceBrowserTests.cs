using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.Application.Cases;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Identity;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Spatial;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// The pre-check's avoidance suggestions in Chromium: an applicant whose boundary lies on permanent basic farmland sees
/// the part that is clear of it and nearby sites, adopts one with a click, and the draft's boundary is then that shape,
/// pre-checked again with nothing prohibited.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class AvoidanceBrowserTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new applicant's land-use draft whose boundary (50..250)² lies partly on the fixtures' permanent basic farmland.</summary>
    private async Task<(HttpClient Client, Actor Applicant, Guid Draft)> DraftOnFarmlandAsync()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, null)])));
        var boundary = Encoding.UTF8.GetBytes(SpatialFixtures.Polygon(SpatialFixtures.Ring(50, 50, 250, 250)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, boundary, "红线.geojson", SpatialFixtures.StorageSrid)));
        return (client, applicant, draft);
    }

    /// <summary>Opens the draft's boundary page, sees the prohibited hit and asks for suggestions.</summary>
    private static async Task<IPage> SuggestionsAsync(BrowserSession browser, Guid draft)
    {
        var page = browser.Page;
        await page.GotoAsync($"/portal/drafts/{draft}/boundary");
        await Assertions.Expect(page.Locator("#pre-check-verdict")).ToContainTextAsync("存在禁止情形");
        await Assertions.Expect(page.Locator("#comparison-table tr.status-intersects", new() { HasText = "PBF" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "计算避让建议" }).ClickAsync();
        await Assertions.Expect(page.Locator("#avoidance-result")).ToContainTextAsync("需避让：PBF 永久基本农田");
        return page;
    }

    /// <summary>After adopting, the page has reloaded on the new pre-check: nothing prohibited, nothing left to avoid.</summary>
    private static async Task ExpectCheckedAgainAsync(IPage page, string fileName)
    {
        await Assertions.Expect(page.Locator("p.notice.ok", new() { HasText = "已保存的红线" })).ToContainTextAsync(fileName);
        await Assertions.Expect(page.Locator("#pre-check-verdict")).Not.ToContainTextAsync("存在禁止情形");
        await Assertions.Expect(page.Locator("#comparison-table tr", new() { HasText = "PBF" })).Not.ToHaveClassAsync("status-intersects");
        await Assertions.Expect(page.Locator("#avoidance")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_applicant_adopts_the_clear_part_with_one_click_and_the_draft_is_pre_checked_again_without_the_farmland()
    {
        var (client, applicant, draft) = await DraftOnFarmlandAsync();
        var clearM2 = (await client.GetFromJsonAsync<JsonElement>($"/api/drafts/{draft}/avoidance"))
            .GetProperty("avoidance").GetProperty("clearPart").GetProperty("areaM2").GetDecimal();
        await using var browser = await BrowserSession.OpenAsync(app.BaseAddress, applicant.Name, ApprovalsApp.Password);

        var page = await SuggestionsAsync(browser, draft);
        await Assertions.Expect(page.Locator(".avoidance-clear-area")).ToContainTextAsync($"可用 {clearM2 / 10_000:0.00} 公顷");
        await Assertions.Expect(page.Locator("#avoidance-site-1")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "采用可用部分作为红线" }).ClickAsync();

        await ExpectCheckedAgainAsync(page, "avoidance-clear-part.geojson");
        var after = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.False(after.Report!.Prohibited, string.Join("; ", after.Report.Findings));
        Assert.InRange(after.Report.Boundary.AreaM2, clearM2 - 1, clearM2 + 1);
        await browser.ScreenshotAsync("avoidance-clear-part-adopted");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_applicant_uses_a_suggested_site_and_the_draft_s_boundary_becomes_that_site_pre_checked_with_nothing_prohibited()
    {
        var (_, applicant, draft) = await DraftOnFarmlandAsync();
        await using var browser = await BrowserSession.OpenAsync(app.BaseAddress, applicant.Name, ApprovalsApp.Password);

        var page = await SuggestionsAsync(browser, draft);
        var site = page.Locator("#avoidance-site-1");
        await Assertions.Expect(site).ToContainTextAsync("平移");
        await browser.ScreenshotAsync("avoidance-suggestions");
        await site.GetByRole(AriaRole.Button, new() { Name = "使用该选址" }).ClickAsync();

        await ExpectCheckedAgainAsync(page, "avoidance-site-1.geojson");
        var after = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.False(after.Report!.Prohibited, string.Join("; ", after.Report.Findings));
        Assert.Equal("avoidance-site-1.geojson", after.BoundaryFileName);
        Assert.InRange((double)after.Report.Boundary.AreaM2, 39_990, 40_010); // the same 4 ha shape, moved
        Assert.Empty(browser.Problems);
    }
}
