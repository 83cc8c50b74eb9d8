using Approvals.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

[Collection(ApprovalsCollection.Name)]
public sealed class SignInPageTests(ApprovalsApp app)
{
    [Fact]
    public async Task A_reviewer_signs_in_in_the_browser_and_sees_their_sections_in_Chinese()
    {
        await using var browser = await app.BrowserAs("zezhou.land");
        var page = browser.Page;
        await page.GotoAsync("/");
        var sections = page.GetByRole(AriaRole.Navigation, new() { Name = "栏目" });
        Assert.True(await sections.GetByRole(AriaRole.Link, new() { Name = "审查待办" }).IsVisibleAsync());
        Assert.Equal(0, await sections.GetByRole(AriaRole.Link, new() { Name = "我的申请" }).CountAsync());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_front_end_libraries_are_served_by_the_application_itself()
    {
        await using var browser = await app.BrowserAs(null);
        foreach (var path in new[] { "/lib/leaflet/leaflet.js", "/lib/leaflet/leaflet.css", "/lib/chart.js/chart.umd.min.js" })
        {
            var response = await browser.Page.APIRequest.GetAsync(path);
            Assert.True(response.Ok, $"{path}: {response.Status}");
        }
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_sign_in_page()
    {
        await using var browser = await app.BrowserAs(null);
        var page = browser.Page;
        await page.GotoAsync("/account/login");
        await page.GetByLabel("用户名").FillAsync("zezhou.land");
        await page.GetByLabel("密码").FillAsync("wrong-password-1");
        await page.Locator("form button[type=submit]").Last.ClickAsync();
        await Assertions.Expect(page.GetByText("用户名或密码错误")).ToBeVisibleAsync();
        Assert.Contains("/account/login", page.Url);
    }
}
