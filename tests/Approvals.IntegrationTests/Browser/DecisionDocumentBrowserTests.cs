using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Approvals.IntegrationTests.Browser;

/// <summary>The deciding reviewer's form and the decision document as a person prints it, in Chromium.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DecisionDocumentBrowserTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>Where the screenshots the README shows are kept (committed, unlike a run's artifacts).</summary>
    private static string DocsScreenshot(string name) =>
        Path.GetFullPath(Path.Combine(BrowserSession.ScreenshotFolder, "..", "..", "..", "..", "docs", "screenshots", name + ".png"));

    /// <summary>
    /// The PDF's text without spaces; Chromium's CJK fonts map some glyphs to their Kangxi radical code points (⽤ for 用),
    /// which compatibility normalisation folds back.
    /// </summary>
    private static string PdfText(PdfDocument document) =>
        string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "").Normalize(System.Text.NormalizationForm.FormKC);

    [Fact]
    public async Task The_decider_edits_the_reviews_conditions_and_the_printed_approval_keeps_its_issuers_and_date()
    {
        var id = await DecisionDocumentTests.CaseWithConditionsAtTheCityAsync(app, cases, 112.86, 35.62);
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("jincheng.land"), id, "Decision");

        await using (var city = await app.BrowserAs("jincheng.land"))
        {
            var page = city.Page;
            await page.GotoAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}");
            await page.GetByLabel("批准", new() { Exact = true }).CheckAsync();
            // The reviews' conditions are there to start from, each with the bureau that attached it.
            var rows = page.Locator("#final-conditions .condition-row");
            await Assertions.Expect(rows.Nth(0).Locator("textarea")).ToHaveValueAsync("缴纳森林植被恢复费");
            await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("泽州县林业局");
            await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("晋城市林业局");
            await rows.Nth(0).Locator("textarea").FillAsync("足额缴纳森林植被恢复费");
            await rows.Nth(2).GetByLabel("删除此条").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "添加一条条件" }).ClickAsync();
            await page.Locator("#final-conditions .condition-row").Last.Locator("textarea").FillAsync("严格控制施工范围");
            await page.GetByLabel("审查意见", new() { Exact = true }).FillAsync("同意该项目通过预审。");
            await page.GetByRole(AriaRole.Button, new() { Name = "提交办理意见" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
            Assert.Empty(city.Problems);
        }

        var applicant = await app.SignedInAs("applicant");
        var decision = (await cases.WaitForStatusAsync(applicant, id, "Approved")).GetProperty("decision");
        Assert.Equal(new[] { "足额缴纳森林植被恢复费", "依法办理林木采伐许可手续", "严格控制施工范围" },
            decision.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToArray());
        var issuedOn = decision.GetProperty("at").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        var date = $"{issuedOn:yyyy}年{issuedOn.Month}月{issuedOn.Day}日";

        await using var reader = await app.BrowserAs("applicant");
        await reader.Page.GotoAsync($"/cases/{id}/decision");
        await reader.Page.EmulateMediaAsync(new() { Media = Media.Print });
        // Printed, the site's footer goes but the document's issuers and date stay.
        await Assertions.Expect(reader.Page.Locator("body > footer")).ToBeHiddenAsync();
        await Assertions.Expect(reader.Page.Locator(".signature .issuer").First).ToBeVisibleAsync();
        await Assertions.Expect(reader.Page.Locator(".signature .issuer").First).ToHaveTextAsync("晋城市自然资源局");
        await Assertions.Expect(reader.Page.Locator(".signature .issuer").Nth(1)).ToHaveTextAsync("晋城市林业局");
        await Assertions.Expect(reader.Page.Locator(".signature .issued-on")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Page.Locator(".signature .issued-on")).ToHaveTextAsync(date);
        await Assertions.Expect(reader.Page.GetByRole(AriaRole.Button, new() { Name = "打印" })).ToBeHiddenAsync();

        var pdf = await reader.Page.PdfAsync(new() { Format = "A4" });
        using (var document = PdfDocument.Open(pdf))
        {
            var text = PdfText(document);
            Assert.Contains("晋城市自然资源局", text);
            Assert.Contains("晋城市林业局", text);
            Assert.Contains(date, text);
            Assert.Contains("足额缴纳森林植被恢复费", text);
        }

        await reader.Page.EmulateMediaAsync(new() { Media = Media.Screen });
        Directory.CreateDirectory(Path.GetDirectoryName(DocsScreenshot("decision-approval"))!);
        await reader.Page.ScreenshotAsync(new() { Path = DocsScreenshot("decision-approval"), FullPage = true });
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public async Task A_printed_refusal_carries_its_number_reasons_remedies_issuer_and_date()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Disagree", "Review", "选址不符合国土空间规划。");
        await cases.CompleteOkAsync(land, id, "Refuse", "Decision", "项目选址位于国土空间规划确定的农业空间，不符合用途管制要求。");
        var decision = (await cases.WaitForStatusAsync(applicant, id, "Refused")).GetProperty("decision");
        var number = decision.GetProperty("documentNumber").GetString()!;

        await using var reader = await app.BrowserAs("applicant");
        await reader.Page.GotoAsync($"/cases/{id}/decision");
        await Assertions.Expect(reader.Page.Locator(".doc-number")).ToHaveTextAsync(number);
        await reader.Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(reader.Page.Locator(".signature .issuer")).ToHaveTextAsync("泽州县自然资源局");
        await Assertions.Expect(reader.Page.Locator(".signature .issued-on")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Page.Locator(".remedies")).ToContainTextAsync("行政复议");
        var pdf = await reader.Page.PdfAsync(new() { Format = "A4" });
        using (var document = PdfDocument.Open(pdf))
        {
            var text = PdfText(document);
            Assert.Contains("泽州县自然资源局", text);
            Assert.Contains("行政诉讼", text);
        }
        await reader.Page.EmulateMediaAsync(new() { Media = Media.Screen });
        Directory.CreateDirectory(Path.GetDirectoryName(DocsScreenshot("decision-refusal"))!);
        await reader.Page.ScreenshotAsync(new() { Path = DocsScreenshot("decision-refusal"), FullPage = true });
        Assert.Empty(reader.Problems);
    }
    [Fact]
    public async Task The_applicant_downloads_the_decision_pdf_from_the_case_page_and_a_stranger_s_verification_page_accepts_it_but_not_a_tampered_copy()
    {
        var applicantApi = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicantApi);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Agree", "Review");
        await cases.CompleteOkAsync(land, id, "Approve", "Decision", "同意该项目通过预审。");
        var number = (await cases.WaitForStatusAsync(applicantApi, id, "Approved")).GetProperty("decision").GetProperty("documentNumber").GetString()!;

        byte[] pdf;
        string verifyLink;
        await using (var applicant = await app.BrowserAs("applicant"))
        {
            var page = applicant.Page;
            await page.GotoAsync($"/cases/{id}");
            var link = page.GetByRole(AriaRole.Link, new() { Name = "下载决定书 PDF" });
            var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
            Assert.Equal(number + ".pdf", download.SuggestedFilename);
            pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
            verifyLink = (await page.GetByRole(AriaRole.Link, new() { Name = "公开核验页" }).GetAttributeAsync("href"))!;
            Assert.Empty(applicant.Problems);
        }

        // The QR code's target is printed beside it: the public address of the same page the case page links to.
        string printed;
        using (var document = PdfDocument.Open(pdf)) printed = PdfText(document);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Contains(number, printed);
        var target = Regex.Match(printed, @"http://approvals\.test(/verify/[a-z0-9]+)");
        Assert.True(target.Success, printed);
        Assert.Equal(verifyLink, target.Groups[1].Value);

        // Whoever holds the paper copy checks it without an account.
        await using var stranger = await app.BrowserAs(null);
        var verify = stranger.Page;
        await verify.GotoAsync(target.Groups[1].Value);
        await Assertions.Expect(verify.Locator(".doc-number")).ToHaveTextAsync(number);
        await Assertions.Expect(verify.Locator(".sha256")).ToHaveTextAsync(DecisionDocumentSha256(pdf));
        await verify.GetByLabel("核验 PDF 文件").SetInputFilesAsync(new FilePayload { Name = number + ".pdf", MimeType = "application/pdf", Buffer = pdf });
        await verify.GetByRole(AriaRole.Button, new() { Name = "核验", Exact = true }).ClickAsync();
        await Assertions.Expect(verify.Locator("p.result")).ToContainTextAsync("一致：上传的文件就是签发的决定书");
        await Assertions.Expect(verify.Locator(".result")).ToHaveClassAsync(new Regex(@"\bmatch\b"));

        // One byte changed in the middle: the same size, still a PDF, not the document that was issued.
        var tampered = (byte[])pdf.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        await verify.GetByLabel("核验 PDF 文件").SetInputFilesAsync(new FilePayload { Name = number + ".pdf", MimeType = "application/pdf", Buffer = tampered });
        await verify.GetByRole(AriaRole.Button, new() { Name = "核验", Exact = true }).ClickAsync();
        await Assertions.Expect(verify.Locator("p.result")).ToContainTextAsync("不一致：上传的文件不是签发的决定书");
        await Assertions.Expect(verify.Locator(".result")).ToHaveClassAsync(new Regex(@"\bmismatch\b"));
        await Assertions.Expect(verify.Locator(".result code")).Not.ToHaveTextAsync(DecisionDocumentSha256(pdf));
        Assert.Empty(stranger.Problems);
    }

    private static string DecisionDocumentSha256(byte[] pdf) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
}
