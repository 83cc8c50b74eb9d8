using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Foundation;

[Collection(ApprovalsCollection.Name)]
public sealed class ValidationTests(ApprovalsApp app)
{
    private static object Registration(string creditCode = "91140500MA0K00001U", string phone = "13912345678", string email = "li@example.cn") => new
    {
        organisationName = "阳城县示范水务有限公司", creditCode, displayName = "李工", email, phone, password = "Reservoir2026",
    };

    [Fact]
    public async Task Bad_registration_fields_get_a_400_problem_naming_each_field_and_nothing_is_written()
    {
        var usersBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");
        var response = await app.Anonymous().PostAsJsonAsync("/api/applicants",
            Registration(creditCode: "91140500MA0K00001X", phone: "2345", email: "not-an-email"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("校验位不正确", errors.GetProperty("creditCode")[0].GetString());
        Assert.Contains("11 位数字", errors.GetProperty("phone")[0].GetString());
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.False(errors.TryGetProperty("password", out _));
        Assert.Equal(usersBefore, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task Field_messages_are_in_English_when_English_is_chosen()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/applicants?culture=en", Registration(phone: "12"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The mobile number has 11 digits and starts with 1", problem.GetProperty("errors").GetProperty("phone")[0].GetString());
    }

    [Fact]
    public async Task A_valid_registration_creates_the_applicant_who_can_then_sign_in()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration(email: "wang@yangcheng-water.cn"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var client = app.Anonymous();
        var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "wang@yangcheng-water.cn", password = "Reservoir2026" });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("applicant", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem_not_a_server_error()
    {
        var response = await app.Anonymous().PostAsync("/api/applicants",
            new StringContent("{\"organisationName\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body);
    }
}
