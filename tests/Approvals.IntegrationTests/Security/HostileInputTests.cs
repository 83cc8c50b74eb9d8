using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Security;

/// <summary>Input a probe sends on purpose gets a 4xx problem with a message, never a server error.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class HostileInputTests(ApprovalsApp app)
{
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, body);
        Assert.DoesNotContain("   at ", body);
    }

    [Theory]
    [InlineData("/api/inbox?q=%00")]
    [InlineData("/api/inbox?q=a%01b")]
    [InlineData("/api/inbox?county=%00")]
    public async Task A_control_character_in_a_query_is_a_400_that_says_so(string url)
    {
        var client = await app.SignedInAs("zezhou.land");
        await AssertProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest, "控制字符");
    }

    [Fact]
    public async Task Tabs_and_line_breaks_are_ordinary_text()
    {
        var client = await app.SignedInAs("zezhou.land");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/inbox?q=a%09b%0D%0Ac")).StatusCode);
    }

    [Fact]
    public async Task A_NUL_in_a_sign_in_name_is_a_400_on_the_API_and_on_the_page()
    {
        var api = await app.Anonymous().PostAsync("/api/auth/sign-in",
            new StringContent("""{"userName":"admin\u0000","password":"whatever-1"}""", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(api, HttpStatusCode.BadRequest, "控制字符");

        var client = app.Anonymous();
        var page = await client.GetStringAsync("/account/login");
        var form = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin\0", ["Password"] = "whatever-1", ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("控制字符", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_NUL_deep_inside_a_JSON_body_is_a_400()
    {
        var admin = await app.SignedInAs("admin");
        var response = await admin.PostAsync("/api/staff", new StringContent(
            """{"userName":"x.y","displayName":"某\u0000人","role":"reviewer","jurisdictionCode":"140525","department":"Land","password":"Long2026enough"}""",
            Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "控制字符");
    }

    [Theory]
    [InlineData("/api/tasks?page=2147483647")]
    [InlineData("/api/tasks?pageSize=2147483647")]
    [InlineData("/api/tasks?page=0")]
    [InlineData("/api/inbox?page=2147483647")]
    public async Task A_page_out_of_range_is_a_400_naming_the_range(string url)
    {
        var client = await app.SignedInAs("zezhou.land");
        await AssertProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest, "之间");
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/%2F/evil.example")]
    public async Task The_language_switch_only_ever_redirects_within_the_site(string returnUrl)
    {
        var response = await app.Anonymous().PostAsync($"/culture?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}", null);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
    }

    [Fact]
    public async Task The_language_switch_returns_to_the_page_it_was_used_on()
    {
        var response = await app.Anonymous().PostAsync($"/culture?culture=en&returnUrl={Uri.EscapeDataString("/account/login?x=1")}", null);
        Assert.Equal("/account/login?x=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem_with_a_message()
    {
        var client = await app.SignedInAs("applicant");
        // Kestrel's limit is 30 MB; the announced length alone is refused before much is sent.
        var content = new ByteArrayContent(new byte[31 * 1024 * 1024]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/spatial-checks") { Content = content };
        // As browsers and curl do for large bodies: the refusal comes before the body is sent.
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "过大");
    }

    [Fact]
    public async Task A_boundary_file_over_its_limit_on_the_portal_page_is_refused_with_the_form_and_a_message()
    {
        var (client, applicant) = await Portal.PortalFixtures.NewApplicantAsync(app);
        var draft = await Portal.PortalFixtures.SendAsync(app, applicant, m => m.Send(new Approvals.Application.Drafts.StartDraft.StartDraftCommand()));
        // The boundary file's limit (10 MB) is below the server's 30 MB: the page answers itself, with the form.
        var token = SignInAbuseTests.AntiForgeryToken(await client.GetStringAsync($"/portal/drafts/{draft}/boundary"));
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[13 * 1024 * 1024]), "boundaryFile", "big.geojson" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/portal/drafts/{draft}/boundary?handler=Upload") { Content = form };
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        // The form again, as for any other mistake on it, with the message beside the file field.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("文件过大", page);
        Assert.Contains("id=\"boundaryfile-error\"", page);
    }
}
