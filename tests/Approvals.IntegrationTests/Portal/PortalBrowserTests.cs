using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Spatial;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Portal;

/// <summary>The applicant's way through the portal in Chromium: register, prepare, check, submit, correct, withdraw.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed partial class PortalBrowserTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_applicant_registers_prepares_a_draft_sees_the_pre_check_on_a_map_and_submits_once()
    {
        await using var browser = await app.BrowserAs(null);
        var page = browser.Page;
        var email = $"b{Guid.NewGuid():N}@example.cn";

        await page.GotoAsync("/account/register");
        await page.GetByLabel("单位名称").FillAsync("晋城浏览器测试能源有限公司");
        await page.GetByLabel("统一社会信用代码").FillAsync(PortalFixtures.NewCreditCode());
        await page.GetByLabel("联系人").FillAsync("张建设");
        await page.GetByLabel("手机号码").FillAsync("13912345678");
        await page.GetByLabel("电子邮箱（登录用户名）").FillAsync(email);
        await page.GetByLabel("密码（至少 10 位，含字母和数字）").FillAsync(ApprovalsApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
        // The sign-in page follows, with the address filled in (registration tells no one whether it was new).
        await page.WaitForURLAsync("**/account/login?ReturnUrl=%2Fportal");
        await Assertions.Expect(page.GetByLabel("用户名")).ToHaveValueAsync(email);
        await page.GetByLabel("密码").FillAsync(ApprovalsApp.Password);
        await page.Locator("form button[type=submit]").Last.ClickAsync();
        await page.WaitForURLAsync("**/portal");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的申请", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "新建申请" }).ClickAsync();
        await page.WaitForURLAsync("**/project");
        await page.GetByLabel("项目名称").FillAsync("泽州县光伏发电项目");
        await page.GetByLabel("项目代码（可选）").FillAsync("2026-140525-44-02-000123");
        await page.GetByLabel("建设单位").FillAsync("晋城浏览器测试能源有限公司");
        await page.GetByLabel("项目类型").FillAsync("能源");
        await page.GetByLabel("项目所在县（市、区）").SelectOptionAsync("140525");
        await page.GetByLabel("项目审批（核准、备案）层级").SelectOptionAsync("County");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存并继续" }).ClickAsync();

        await page.WaitForURLAsync("**/uses");
        await page.GetByLabel("用地预审").CheckAsync();
        await page.GetByLabel("用地面积（公顷，可选）").FillAsync("36");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存并继续" }).ClickAsync();

        await page.WaitForURLAsync("**/boundary");
        await page.GetByLabel("红线文件（界址点坐标 TXT、GeoJSON 或 zip 压缩的 shapefile）").SetInputFilesAsync(
            new FilePayload { Name = "红线.txt", MimeType = "text/plain", Buffer = SpatialFixtures.TwoParcelTxtInZone37() });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并预检" }).ClickAsync();

        await Assertions.Expect(page.Locator("#comparison-table tbody tr")).ToHaveCountAsync(15);
        await Assertions.Expect(page.Locator("#comparison-table tbody tr").First).ToContainTextAsync("永久基本农田");
        await Assertions.Expect(page.Locator("#comparison-table tbody tr").First).ToContainTextAsync("压占");
        await Assertions.Expect(page.Locator("#pre-check-verdict")).ToContainTextAsync("省级");
        await Assertions.Expect(page.Locator(".area-check")).ToContainTextAsync("西地块");
        var map = page.Locator(".boundary-map");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-state", "loaded");
        Assert.True(int.Parse((await map.GetAttributeAsync("data-hits"))!) > 0);
        await Assertions.Expect(page.Locator(".boundary-map canvas.maplibregl-canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".map-legend")).ToContainTextAsync("永久基本农田");
        await browser.ScreenshotAsync("portal-report");

        await page.GetByRole(AriaRole.Link, new() { Name = "下一步：申请材料" }).ClickAsync();
        foreach (var (type, name) in PortalFixtures.CommonDocuments)
        {
            await page.GetByLabel("选择文件").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/pdf", Buffer = PortalFixtures.Pdf() });
            await page.GetByLabel("材料类型").SelectOptionAsync(type);
            await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("table.attachments")).ToContainTextAsync(name);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "下一步：核对并提交" }).ClickAsync();
        await page.WaitForURLAsync("**/submit");
        // A double click must not make two cases.
        await page.GetByRole(AriaRole.Button, new() { Name = "确认提交" }).DblClickAsync();
        await page.WaitForURLAsync("**/submitted");
        // The second click's POST makes the browser abandon the first one's answer; the server still ran both.
        browser.Problems.RemoveAll(p => p.Contains("/submit ", StringComparison.Ordinal) && p.Contains("ERR_ABORTED", StringComparison.Ordinal));
        var number = (await page.Locator("#case-number").TextContentAsync())!.Trim();
        Assert.Matches(CaseNumber(), number);

        await page.GetByRole(AriaRole.Link, new() { Name = "查看案件" }).ClickAsync();
        await page.WaitForURLAsync("**/cases/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(number);
        await Assertions.Expect(page.Locator("table.attachments")).ToContainTextAsync("项目核准文件.pdf");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync(number);

        await page.GotoAsync("/portal");
        await Assertions.Expect(page.Locator("#progress-heading")).ToContainTextAsync("1");
        var row = page.Locator("section[aria-labelledby=progress-heading] tbody tr");
        await Assertions.Expect(row).ToContainTextAsync(number);
        await Assertions.Expect(row).ToContainTextAsync("受理（形式审查）");
        await Assertions.Expect(row.Locator(".days-left")).ToHaveTextAsync(new Regex(@"^\s*\d+ 个工作日\s*$"));
        await browser.ScreenshotAsync("portal-my-applications");
        await Assertions.Expect(page.Locator("#drafts-heading")).ToContainTextAsync("0");
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE project_name = '泽州县光伏发电项目' AND applicant_user_id = (SELECT id FROM users WHERE user_name = '{email}')"));
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_applicant_answers_a_correction_request_in_the_browser_with_a_new_document_and_boundary()
    {
        var cases = new CaseDriver(app);
        var applicant = await app.SignedInAs("applicant");
        var clerk = await app.SignedInAs("zezhou.clerk");
        var (id, _) = await cases.SubmitAsync(applicant);
        const string request = "请补充项目核准文件，并按实测结果修正红线。";
        await cases.CompleteOkAsync(clerk, id, "ReturnForCorrection", "Acceptance", request);
        await cases.WaitForStatusAsync(applicant, id, "AwaitingCorrection");

        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync($"/cases/{id}");
        await Assertions.Expect(page.Locator("#correction-request")).ToHaveTextAsync(request);
        await browser.ScreenshotAsync("portal-case-correction");
        await page.GetByRole(AriaRole.Link, new() { Name = "补正并重新提交" }).ClickAsync();
        await page.WaitForURLAsync($"**/portal/cases/{id}/correction");
        await Assertions.Expect(page.Locator("#correction-request")).ToHaveTextAsync(request);

        await page.GetByLabel("补充上传材料（PDF 或图片，单个不超过 20 MB）").SetInputFilesAsync(
            new FilePayload { Name = "核准文件.pdf", MimeType = "application/pdf", Buffer = PortalFixtures.Pdf() });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("table.attachments")).ToContainTextAsync("核准文件.pdf");

        await page.GetByLabel("补正说明").FillAsync("已补充核准文件，红线按实测修正。");
        // The application comes filled in as submitted; the applicant corrects what was asked for.
        await Assertions.Expect(page.GetByLabel("项目名称", new() { Exact = true })).ToHaveValueAsync("晋城至阳城公路改建工程");
        await Assertions.Expect(page.GetByLabel("用地预审")).ToBeCheckedAsync();
        await page.GetByLabel("项目名称", new() { Exact = true }).FillAsync("晋城至阳城公路改建工程（一期）");
        await page.GetByLabel("修改后的红线文件（可选；不上传则沿用原红线）").SetInputFilesAsync(
            new FilePayload { Name = "实测红线.txt", MimeType = "text/plain", Buffer = SpatialFixtures.TwoParcelTxtInZone37() });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交补正" }).ClickAsync();
        await page.WaitForURLAsync($"**/cases/{id}");

        var resubmitted = await cases.WaitForStatusAsync(applicant, id, "AwaitingAcceptance");
        Assert.InRange(resubmitted.GetProperty("boundaryAreaM2").GetDouble(), 359_000, 361_000);
        Assert.Equal("晋城至阳城公路改建工程（一期）", resubmitted.GetProperty("projectName").GetString());
        Assert.Equal(["Land"], resubmitted.GetProperty("uses").EnumerateArray().Select(u => u.GetProperty("type").GetString()!).ToArray());
        await Assertions.Expect(page.Locator("#correction-request")).ToHaveCountAsync(0);

        // Accepted again, the case's spatial check runs on the new boundary.
        await cases.CompleteOkAsync(clerk, id, "Accept", "Acceptance", "材料齐全，予以受理。");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement c;
        while (true)
        {
            c = await cases.CaseAsync(applicant, id);
            if (c.GetProperty("spatialReport").ValueKind == JsonValueKind.String) break;
            Assert.True(DateTime.UtcNow < deadline, $"no spatial report: {c}");
            await Task.Delay(200);
        }
        var report = JsonDocument.Parse(c.GetProperty("spatialReport").GetString()!).RootElement;
        Assert.InRange(report.GetProperty("boundary").GetProperty("areaM2").GetDouble(), 359_000, 361_000);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_applicant_discards_a_draft_from_my_applications_after_confirming()
    {
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建申请" }).ClickAsync();
        await page.WaitForURLAsync("**/project");
        var id = page.Url.Split("/drafts/")[1].Split('/')[0];
        await page.GotoAsync("/portal");

        await page.Locator($"a[href='/portal/drafts/{id}/discard']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("删除草稿");
        await browser.ScreenshotAsync("portal-discard-draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认删除" }).ClickAsync();

        await page.WaitForURLAsync("**/portal");
        await Assertions.Expect(page.Locator($"a[href='/portal/drafts/{id}/discard']")).ToHaveCountAsync(0);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE id = '{id}'"));
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task A_boundary_file_that_does_not_read_shows_its_error_next_to_the_field()
    {
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建申请" }).ClickAsync();
        await page.WaitForURLAsync("**/project");
        var boundaryUrl = page.Url.Replace("/project", "/boundary");
        await page.GotoAsync(boundaryUrl);

        await page.GetByLabel("红线文件（界址点坐标 TXT、GeoJSON 或 zip 压缩的 shapefile）").SetInputFilesAsync(new FilePayload
        {
            Name = "红线.txt", MimeType = "text/plain",
            Buffer = "[地块坐标]\n4,1.0,1,地块1,面,,,,@\nJ1,1,3930000.00,38396000.00\nJ2,1,3930000.00,38396100.00\nJ3,1,3929900.00,38396100.00\nJ1,1,3929900.00,38396200.00\n"u8.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并预检" }).ClickAsync();

        var error = page.Locator("#boundaryfile-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        Assert.False(string.IsNullOrWhiteSpace(await error.TextContentAsync()));
        // The field is described by the sample file's hint and by its error.
        Assert.Contains("boundaryfile-error", (await page.GetByLabel("红线文件（界址点坐标 TXT、GeoJSON 或 zip 压缩的 shapefile）").GetAttributeAsync("aria-describedby"))!.Split(' '));
        await Assertions.Expect(page.Locator("#comparison-table")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("portal-boundary-error");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_applicant_draws_the_boundary_by_clicking_or_typing_its_corners_and_gets_the_pre_check()
    {
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建申请" }).ClickAsync();
        await page.WaitForURLAsync("**/project");
        await page.GotoAsync(page.Url.Replace("/project", "/boundary"));
        var corners = page.GetByLabel("拐点坐标（经度,纬度）");

        await page.Locator(".draw-map").ClickAsync(new() { Position = new() { X = 200, Y = 150 } });
        await Assertions.Expect(corners).ToHaveValueAsync(new Regex(@"^1\d\d\.\d{7},3\d\.\d{7}$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "撤销上一点" }).ClickAsync();
        await Assertions.Expect(corners).ToHaveValueAsync("");

        await corners.FillAsync("112.850000,35.500000\n112.852207,35.500000\n112.852207,35.501802\n112.850000,35.501802");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存绘制的红线并预检" }).ClickAsync();

        await Assertions.Expect(page.Locator("#comparison-table tbody tr")).ToHaveCountAsync(15);
        await Assertions.Expect(page.Locator(".notice.ok")).ToContainTextAsync("drawn.geojson");
        await Assertions.Expect(page.Locator(".boundary-map")).ToHaveAttributeAsync("data-state", "loaded");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task A_document_that_is_not_a_pdf_or_image_or_is_too_large_is_refused_at_its_field()
    {
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建申请" }).ClickAsync();
        await page.WaitForURLAsync("**/project");
        await page.GotoAsync(page.Url.Replace("/project", "/attachments"));
        var field = page.GetByLabel("选择文件");

        await field.SetInputFilesAsync(new FilePayload { Name = "核准文件.pdf", MimeType = "application/pdf", Buffer = "<html>not a pdf</html>"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#attachmentfile-error")).ToContainTextAsync("不是 PDF 或图片");

        var big = new byte[Application.Attachments.AttachmentRules.MaxFileBytes + 1];
        PortalFixtures.Pdf().CopyTo(big, 0);
        // From a file on disk, as a person picks it: a 20 MB buffer sent through Playwright's protocol (base64 in JSON)
        // alone can outlast the step's timeout on a busy 2-core machine.
        var folder = Directory.CreateTempSubdirectory("approvals-big-");
        var path = Path.Combine(folder.FullName, "大文件.pdf");
        await File.WriteAllBytesAsync(path, big);
        try
        {
            await field.SetInputFilesAsync(path);
            await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#attachmentfile-error")).ToContainTextAsync("20 MB");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        await Assertions.Expect(page.Locator(".attachments-empty")).ToBeVisibleAsync();
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_applicant_withdraws_with_a_reason_and_a_missing_reason_is_shown_at_the_field()
    {
        var cases = new CaseDriver(app);
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);

        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync($"/cases/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "撤回申请" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认撤回" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reason-error")).ToContainTextAsync("撤回理由");

        await page.GetByLabel("撤回理由").FillAsync("项目选址调整，另行申请。");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认撤回" }).ClickAsync();
        await page.WaitForURLAsync($"**/cases/{id}");
        await Assertions.Expect(page.Locator(".decision")).ToContainTextAsync("项目选址调整，另行申请。");
        Assert.Equal("Withdrawn", (await cases.CaseAsync(applicant, id)).GetProperty("status").GetString());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_portal_is_in_English_on_request()
    {
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync("/portal?culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My applications");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New application" })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"^140525-\d{4}-\d{5}$")]
    private static partial Regex CaseNumber();
}
