using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;

namespace Approvals.IntegrationTests.Security;

/// <summary>Registration does not tell a stranger which e-mail addresses have accounts.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RegistrationDisclosureTests(ApprovalsApp app)
{
    private static object Registration(string email, string password, string organisation = "泽州县注册测试有限公司") => new
    {
        organisationName = organisation, creditCode = PortalFixtures.NewCreditCode(), displayName = "周测试", email,
        phone = "13800000000", password,
    };

    [Fact]
    public async Task Registering_an_address_that_is_taken_answers_exactly_like_a_new_registration_and_changes_nothing()
    {
        var email = $"r{Guid.NewGuid():N}@example.cn";
        var first = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration(email, ApprovalsApp.Password));
        var users = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");
        var organisations = await app.Database.ScalarAsync<long>("SELECT count(*) FROM organisations");

        var again = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration(email, "Another2026secret", "另一家测试有限公司"));

        Assert.True(first.IsSuccessStatusCode, $"{(int)first.StatusCode}");
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(Neutral(await first.Content.ReadAsStringAsync()), Neutral(await again.Content.ReadAsStringAsync()));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(users, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
        Assert.Equal(organisations, await app.Database.ScalarAsync<long>("SELECT count(*) FROM organisations"));
        // The owner's password still works; the stranger's does not.
        Assert.Equal(HttpStatusCode.NoContent, (await app.Anonymous().PostAsJsonAsync("/api/auth/sign-in", new { userName = email, password = ApprovalsApp.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/auth/sign-in", new { userName = email, password = "Another2026secret" })).StatusCode);
        // What the stranger tried is on record for the administrators.
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE action = 'RegistrationOfTakenAddress' AND entity_id = '{email}' AND after LIKE '%clientAddress%'"));
    }

    [Fact]
    public async Task A_common_password_is_refused_whether_or_not_the_address_is_taken()
    {
        var email = $"r{Guid.NewGuid():N}@example.cn";
        await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration(email, ApprovalsApp.Password));

        var taken = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration(email, "password123"));
        var free = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration($"r{Guid.NewGuid():N}@example.cn", "password123"));

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Equal(Neutral(await free.Content.ReadAsStringAsync()), Neutral(await taken.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_registration_page_answers_a_taken_address_like_a_new_one()
    {
        var email = $"r{Guid.NewGuid():N}@example.cn";
        var fresh = await RegisterOnThePageAsync(email, ApprovalsApp.Password);
        var taken = await RegisterOnThePageAsync(email, "Another2026secret");

        Assert.Equal(HttpStatusCode.Redirect, fresh.Redirect.StatusCode);
        Assert.Equal(fresh.Redirect.Headers.Location, taken.Redirect.Headers.Location);
        Assert.Equal(fresh.Landing, taken.Landing);
        Assert.Contains("如果该邮箱", fresh.Landing);
    }

    private async Task<(HttpResponseMessage Redirect, string Landing)> RegisterOnThePageAsync(string email, string password)
    {
        var client = app.Anonymous();
        var page = await client.GetStringAsync("/account/register");
        var response = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["OrganisationName"] = "泽州县注册测试有限公司", ["CreditCode"] = PortalFixtures.NewCreditCode(), ["DisplayName"] = "周测试",
            ["Phone"] = "13800000000", ["Email"] = email, ["Password"] = password,
            ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(page),
        }));
        var landing = response.Headers.Location is { } location ? await client.GetStringAsync(location) : "";
        // The anti-forgery token differs per page view; what a person reads must not.
        landing = System.Text.RegularExpressions.Regex.Replace(landing, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
        return (response, landing);
    }

    private static string Neutral(string body)
    {
        if (body.Length == 0) return "";
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("traceId");
        json.Remove("correlationId");
        return json.ToJsonString();
    }
}
