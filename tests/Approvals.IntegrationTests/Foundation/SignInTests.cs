using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Foundation;

[Collection(ApprovalsCollection.Name)]
public sealed class SignInTests(ApprovalsApp app)
{
    [Fact]
    public async Task A_reviewer_signs_in_and_the_session_knows_their_department_and_jurisdiction()
    {
        var client = await app.SignedInAs("zezhou.forest");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("zezhou.forest", me.GetProperty("userName").GetString());
        Assert.Equal("reviewer", me.GetProperty("role").GetString());
        Assert.Equal("140525", me.GetProperty("jurisdictionCode").GetString());
        Assert.Equal("County", me.GetProperty("jurisdictionLevel").GetString());
        Assert.Equal("Forest", me.GetProperty("department").GetString());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_problem_and_no_session()
    {
        var client = app.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "zezhou.land", password = "not-the-password1" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("用户名或密码错误", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_signs_in_with_its_form_and_redirects_home()
    {
        var client = app.Anonymous();
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form carries an anti-forgery token");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "applicant", ["Password"] = ApprovalsApp.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await client.GetStringAsync("/");
        Assert.Contains("王建设", home);
    }

    [Fact]
    public async Task A_form_post_without_the_anti_forgery_token_is_refused()
    {
        var response = await app.Anonymous().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "applicant", ["Password"] = ApprovalsApp.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
