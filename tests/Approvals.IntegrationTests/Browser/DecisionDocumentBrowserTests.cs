using System.Net.Http.Json;
using System.Text.Json;
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
}
