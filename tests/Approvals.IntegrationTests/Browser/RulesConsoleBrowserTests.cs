using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Administration;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

/// <summary>The rules console in a real browser: upload a changed routing-rules.json, read the preview, publish.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RulesConsoleBrowserTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task An_administrator_uploads_a_changed_routing_file_sees_the_case_it_affects_publishes_it_and_sees_the_new_version()
    {
        var admin = await app.SignedInAs("admin");
        var applicant = await app.SignedInAs("applicant");
        var original = await RulesConsoleTests.CurrentFilesAsync(admin, "routing-rules.json");
        var (id, number) = await cases.SubmitAsync(applicant, uses: new JsonArray(CaseDriver.ForestUse(4m)), boundary: CaseDriver.Square(112.95, 35.57, 120));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), id, "Review");
        try
        {
            await using var browser = await app.BrowserAs("admin");
            var page = browser.Page;
            await page.GotoAsync("/admin/staff");
            await page.GetByRole(AriaRole.Link, new() { Name = "规则" }).First.ClickAsync();
            await Assertions.Expect(page.Locator("#rules-categories tbody tr")).ToHaveCountAsync(15);
            await Assertions.Expect(page.Locator("#rules-thresholds")).ToContainTextAsync("用林（永久使用）");

            await page.Locator("#files").SetInputFilesAsync(new FilePayload
            {
                Name = "routing-rules.json", MimeType = "application/json",
                Buffer = Encoding.UTF8.GetBytes(RulesConsoleTests.RoutingWithCountyForestBelow(original["routing-rules.json"], 5)),
            });
            await page.Locator("#upload").ClickAsync();

            var row = page.Locator($"#preview-changes tr[data-case='{number}']");
            await Assertions.Expect(row).ToContainTextAsync("市级 → 县级");
            await browser.ScreenshotAsync("admin-rules-preview");
            await page.Locator("#note").FillAsync("林地县级审批上限 5 公顷");
            await page.Locator("#publish").ClickAsync();

            await Assertions.Expect(page.Locator("#rules-notice")).ToContainTextAsync("已发布第");
            var current = await admin.GetFromJsonAsync<JsonElement>("/api/rules");
            var newest = page.Locator($"#rules-versions tr[data-version='{current.GetProperty("version").GetInt32()}']");
            await Assertions.Expect(newest).ToContainTextAsync("林地县级审批上限 5 公顷");
            await Assertions.Expect(newest).ToContainTextAsync("（现行）");
            await Assertions.Expect(newest).ToContainTextAsync("admin");
            Assert.Empty(browser.Problems);
        }
        finally
        {
            await RulesConsoleTests.PublishAsync(admin, original, "测试结束，恢复原规则");
        }
    }
}
