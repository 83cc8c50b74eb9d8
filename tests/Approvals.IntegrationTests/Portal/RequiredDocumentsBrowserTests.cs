using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Portal;

/// <summary>The attachments step's checklist, and a correction page that never loses what the applicant typed, in Chromium.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RequiredDocumentsBrowserTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_attachments_step_shows_the_checklist_ticks_each_item_as_its_document_is_uploaded_and_then_the_step()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant, withDocuments: false);
        var email = await app.Database.ScalarAsync<string>($"SELECT user_name FROM users WHERE id = '{applicant.UserId}'");
        await using var browser = await app.BrowserAs(email);
        var page = browser.Page;

        await page.GotoAsync($"/portal/drafts/{draft}/attachments");
        var items = page.Locator("#document-checklist li");
        await Assertions.Expect(items).ToHaveTextAsync([new Regex("申请表"), new Regex("项目批准、核准或备案文件"), new Regex("勘测定界图")]);
        await Assertions.Expect(page.Locator("#document-checklist li[data-present=false]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#document-checklist-heading")).ToContainTextAsync("尚缺 3 项");
        // The form offers the first missing item's type.
        await Assertions.Expect(page.GetByLabel("材料类型")).ToHaveValueAsync("application-form");
        var step = page.Locator("nav .steps li").Nth(3);
        await Assertions.Expect(step).ToHaveTextAsync("申请材料");

        foreach (var (type, name) in PortalFixtures.CommonDocuments)
        {
            await page.GetByLabel("选择文件").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/pdf", Buffer = PortalFixtures.Pdf() });
            await page.GetByLabel("材料类型").SelectOptionAsync(type);
            await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("table.attachments")).ToContainTextAsync(name);
            if (type == "application-form")
            {
                await Assertions.Expect(items.Nth(0)).ToHaveAttributeAsync("data-present", "true");
                await Assertions.Expect(items.Nth(0)).ToContainTextAsync(name);
                await Assertions.Expect(page.Locator("#document-checklist li[data-present=false]")).ToHaveCountAsync(2);
                await browser.ScreenshotAsync("required-documents");
            }
        }

        await Assertions.Expect(page.Locator("#document-checklist li[data-present=true]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#document-checklist-heading")).ToContainTextAsync("已齐全");
        await Assertions.Expect(page.Locator("table.attachments")).ToContainTextAsync("勘测定界图");
        // The step bar ticks 4. 申请材料 once every required document is there (seen from the next step).
        await page.GetByRole(AriaRole.Link, new() { Name = "下一步：核对并提交" }).ClickAsync();
        await page.WaitForURLAsync("**/submit");
        await Assertions.Expect(page.Locator("nav .steps li").Nth(3)).ToHaveTextAsync("申请材料 ✓");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "确认提交" })).ToBeVisibleAsync();
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_submit_step_names_the_missing_documents_instead_of_offering_to_submit()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant, withDocuments: false);
        var email = await app.Database.ScalarAsync<string>($"SELECT user_name FROM users WHERE id = '{applicant.UserId}'");
        await using var browser = await app.BrowserAs(email);

        await browser.Page.GotoAsync($"/portal/drafts/{draft}/submit");

        await Assertions.Expect(browser.Page.Locator("#documents-missing")).ToContainTextAsync("申请表；项目批准、核准或备案文件；勘测定界图");
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "确认提交" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Uploading_a_document_during_a_correction_keeps_the_typed_note_and_the_edited_fields()
    {
        var cases = new CaseDriver(app);
        var applicant = await app.SignedInAs("applicant");
        var clerk = await app.SignedInAs("zezhou.clerk");
        var (id, _) = await cases.SubmitAsync(applicant, uses: new JsonArray(CaseDriver.LandUse(), CaseDriver.ForestUse(1.2m)));
        await cases.CompleteOkAsync(clerk, id, "ReturnForCorrection", "Acceptance", "请补充使用林地现状调查表，并核实林地面积。");
        await cases.WaitForStatusAsync(applicant, id, "AwaitingCorrection");

        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync($"/portal/cases/{id}/correction");
        var area = page.GetByLabel("林地面积（公顷）");
        await Assertions.Expect(area).ToHaveValueAsync("1.2");
        await page.GetByLabel("补正说明").FillAsync("已补充现状调查表；林地面积经实测为 1.5 公顷。");
        await area.FillAsync("1.5");
        await page.GetByLabel("项目名称", new() { Exact = true }).FillAsync("晋城至阳城公路改建工程（一期）");

        await page.GetByLabel("补充上传材料（PDF 或图片，单个不超过 20 MB）").SetInputFilesAsync(
            new FilePayload { Name = "现状调查表.pdf", MimeType = "application/pdf", Buffer = PortalFixtures.Pdf() });
        await page.GetByLabel("材料类型").SelectOptionAsync("forest-status-survey");
        await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("table.attachments")).ToContainTextAsync("现状调查表.pdf");
        await Assertions.Expect(page.GetByLabel("补正说明")).ToHaveValueAsync("已补充现状调查表；林地面积经实测为 1.5 公顷。");
        await Assertions.Expect(area).ToHaveValueAsync("1.5");
        await Assertions.Expect(page.GetByLabel("项目名称", new() { Exact = true })).ToHaveValueAsync("晋城至阳城公路改建工程（一期）");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "使用林地" })).ToBeCheckedAsync();

        // Removing a document keeps them too.
        await page.GetByRole(AriaRole.Button, new() { Name = "删除 现状调查表.pdf" }).ClickAsync();
        // The documents the application was submitted with stay listed; the one removed is gone.
        await Assertions.Expect(page.Locator("table.attachments")).Not.ToContainTextAsync("现状调查表.pdf");
        await Assertions.Expect(page.GetByLabel("补正说明")).ToHaveValueAsync("已补充现状调查表；林地面积经实测为 1.5 公顷。");
        await Assertions.Expect(area).ToHaveValueAsync("1.5");

        await page.GetByRole(AriaRole.Button, new() { Name = "提交补正" }).ClickAsync();
        await page.WaitForURLAsync($"**/cases/{id}");
        // The case page names the uses (用林), not the departments (林业).
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("用地、用林");
        var resubmitted = await cases.WaitForStatusAsync(applicant, id, "AwaitingAcceptance");
        Assert.Equal(1.5m, resubmitted.GetProperty("uses").EnumerateArray().Single(u => u.GetProperty("type").GetString() == "Forest").GetProperty("areaHa").GetDecimal());
        Assert.Equal("晋城至阳城公路改建工程（一期）", resubmitted.GetProperty("projectName").GetString());
        Assert.Empty(browser.Problems);
    }
}
