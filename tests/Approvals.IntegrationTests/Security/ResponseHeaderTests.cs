using System.Net;
using System.Net.Http.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Security;

/// <summary>What every answer tells the browser, and which host names the site answers to.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ResponseHeaderTests(ApprovalsApp app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/api/auth/me")]
    [InlineData("/css/site.css")]
    [InlineData("/no/such/page")]
    [InlineData("/health/live")]
    public async Task Every_answer_forbids_framing_and_sniffing_and_keeps_the_referrer_to_the_origin(string path)
    {
        var response = await app.Anonymous().GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task An_attachment_keeps_its_own_stricter_policy()
    {
        var (client, applicant) = await Portal.PortalFixtures.NewApplicantAsync(app);
        var draft = await Portal.PortalFixtures.SendAsync(app, applicant, m => m.Send(new Approvals.Application.Drafts.StartDraft.StartDraftCommand()));
        var file = await Portal.PortalFixtures.SendAsync(app, applicant, m => m.Send(
            new Approvals.Application.Attachments.AddAttachment.AddAttachmentCommand(draft, null, "照片.png", Portal.PortalFixtures.Png())));

        var response = await client.GetAsync($"/attachments/{file.Id}");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("sandbox", policy);
    }

    [Fact]
    public async Task A_request_for_a_host_name_the_site_does_not_serve_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/inbox");
        request.Headers.Host = "evil.example";
        var response = await app.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_redirect_to_the_sign_in_page_names_no_host()
    {
        var response = await app.Anonymous().GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Localhost_is_served_as_well_as_127_0_0_1()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = $"localhost:{app.BaseAddress.Port}";
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().SendAsync(request)).StatusCode);
    }
}

/// <summary>A web page elsewhere cannot make a signed-in browser change anything through the API.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CrossOriginTests(ApprovalsApp app)
{
    private async Task<HttpResponseMessage> ClaimAsync(HttpClient client, Action<HttpRequestMessage> headers)
    {
        // Any state-changing API call will do: this one is refused by the API itself (404) when it gets through.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{Guid.NewGuid()}/claim");
        headers(request);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_state_changing_API_call_from_another_origin_is_refused_with_403()
    {
        var client = await app.SignedInAs("zezhou.land");
        var fromElsewhere = await ClaimAsync(client, r => r.Headers.Add("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Contains("跨站", await fromElsewhere.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await ClaimAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "cross-site"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ClaimAsync(client, r => r.Headers.Add("Origin", "null"))).StatusCode);
        // Same host, another port: another origin.
        Assert.Equal(HttpStatusCode.Forbidden, (await ClaimAsync(client, r => r.Headers.Add("Origin", $"http://127.0.0.1:{app.BaseAddress.Port + 1}"))).StatusCode);
    }

    [Fact]
    public async Task The_site_itself_and_clients_that_are_not_browsers_go_through()
    {
        var client = await app.SignedInAs("zezhou.land");
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.NotFound, (await ClaimAsync(client, r => r.Headers.Add("Origin", origin))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ClaimAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "same-origin"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ClaimAsync(client, _ => { })).StatusCode);
        // Reading is not refused: a cross-origin GET cannot change anything (and the cookie is SameSite=Strict).
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        read.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read)).StatusCode);
    }
}

/// <summary>Signing out ends the session on the server, not only in the browser that signed out.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SessionEndTests(ApprovalsApp app)
{
    [Fact]
    public async Task A_copied_session_cookie_stops_working_once_its_owner_signs_out()
    {
        var (owner, cookies) = await SignedInAsync("yangqu.mineral");
        var copy = Copy(cookies);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync("/api/auth/sign-out", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/auth/me")).StatusCode);
        // The owner signs in again as usual.
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAs("yangqu.mineral")).GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_the_page_ends_a_copied_session_too()
    {
        var (owner, cookies) = await SignedInAsync("yangqu.forest");
        var copy = Copy(cookies);
        var home = await owner.GetStringAsync("/");

        var signedOut = await owner.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(home),
        }));
        Assert.True(signedOut.StatusCode == HttpStatusCode.Redirect, $"{(int)signedOut.StatusCode} {await signedOut.Content.ReadAsStringAsync()}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_sign_out_button_signs_out_in_the_browser()
    {
        await using var browser = await app.BrowserAs("yangqu.grassland");
        await browser.Page.GotoAsync("/");
        await browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        var account = browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Navigation, new() { Name = "账户" });
        await Microsoft.Playwright.Assertions.Expect(account.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        Assert.Empty(browser.Problems);
    }

    private async Task<(HttpClient Client, CookieContainer Cookies)> SignedInAsync(string userName)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = ApprovalsApp.Password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return (client, cookies);
    }

    /// <summary>Another machine that got hold of the session cookie as it was at sign-in.</summary>
    private HttpClient Copy(CookieContainer cookies)
    {
        var copy = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(app.BaseAddress));
        return copy;
    }
}
