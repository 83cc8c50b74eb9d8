using System.Net;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

/// <summary>What a person's browser shows when a page is refused: a page in their language with a way back, never raw JSON.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ErrorPageTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task Another_countys_case_a_stale_link_and_an_unknown_address_show_a_page_with_a_way_back()
    {
        var (otherCounty, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140522");
        await using var browser = await app.BrowserAs("zezhou.land");
        var page = browser.Page;
        await page.GotoAsync("/inbox");

        foreach (var (path, detail) in new[]
                 {
                     ($"/cases/{otherCounty}", "未找到该案件"),
                     ($"/inbox/tasks/{Guid.NewGuid()}", "未找到该待办任务"),
                     ($"/attachments/{Guid.NewGuid()}", null),
                     ("/no-such-page", null),
                 })
        {
            // As a link followed from the inbox (a stale bookmark has no referrer, and then no "back").
            var response = await page.GotoAsync(path, new() { Referer = new Uri(app.BaseAddress, "/inbox").ToString() });
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
            Assert.StartsWith("text/html", response.Headers["content-type"]);
            Assert.DoesNotContain("\"title\"", await page.ContentAsync());
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "未找到该页面" })).ToBeVisibleAsync();
            if (detail is not null) await Assertions.Expect(page.Locator(".error-detail")).ToContainTextAsync(detail);
            // The way back: the page the person came from, home, and their own inbox, under the usual header.
            await Assertions.Expect(page.Locator(".error-page").GetByRole(AriaRole.Link, new() { Name = "返回上一页" })).ToHaveAttributeAsync("href", "/inbox");
            await Assertions.Expect(page.Locator(".error-page").GetByRole(AriaRole.Link, new() { Name = "返回首页" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".error-page").GetByRole(AriaRole.Link, new() { Name = "审查待办" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "栏目" })).ToBeVisibleAsync();
        }
        await browser.ScreenshotAsync("error-page-not-found");
    }

    [Fact]
    public async Task The_error_page_speaks_the_language_the_person_chose_by_link_and_a_refused_form_explains_itself()
    {
        await using var browser = await app.BrowserAs("zezhou.clerk");
        var page = browser.Page;
        // ?culture=en chooses English like the switch does: the following pages stay English.
        await page.GotoAsync("/inbox?culture=en");
        var response = await page.GotoAsync($"/cases/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".error-detail")).ToHaveTextAsync("No such case");
        await Assertions.Expect(page.Locator(".error-page").GetByRole(AriaRole.Link, new() { Name = "Review inbox" })).ToBeVisibleAsync();

        // A form sent without its anti-forgery token (an old tab, a forged post): a 400 page, not an empty answer.
        await page.GotoAsync("/inbox");
        var posted = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("""
            () => { const f = document.createElement('form'); f.method = 'post'; f.action = '/inbox?handler=Claim&taskId=' + crypto.randomUUID(); document.body.appendChild(f); f.submit(); }
            """), response => response.Url.Contains("handler=Claim", StringComparison.Ordinal));
        Assert.Equal(400, posted.Status);
        await page.WaitForLoadStateAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The request could not be handled" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".error-page").GetByRole(AriaRole.Link, new() { Name = "Back" })).ToHaveAttributeAsync("href", "/inbox");
    }

    [Fact]
    public async Task The_API_keeps_answering_problem_json_even_to_a_client_that_accepts_html()
    {
        var (otherCounty, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140522");
        var client = await app.SignedInAs("zezhou.land");
        foreach (var path in new[] { $"/api/cases/{otherCounty}", "/api/no-such-thing" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        }
        // A script that asks for a page without taking HTML gets the problem too.
        var plain = await client.GetAsync($"/cases/{otherCounty}");
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.NotEqual("text/html", plain.Content.Headers.ContentType?.MediaType);
    }
}
