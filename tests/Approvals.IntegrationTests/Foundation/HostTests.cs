using System.Net;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Foundation;

[Collection(ApprovalsCollection.Name)]
public sealed class HostTests(ApprovalsApp app)
{
    [Fact]
    public async Task Liveness_and_readiness_report_healthy_when_the_database_answers()
    {
        var client = app.Anonymous();
        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API()
    {
        var response = await app.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/applicants", out _));
        Assert.True(paths.TryGetProperty("/api/auth/sign-in", out _));
        Assert.True(paths.TryGetProperty("/api/jurisdictions/{code}/staff", out _));
    }

    [Fact]
    public async Task The_home_page_is_in_Chinese_by_default_and_in_English_on_request()
    {
        var client = app.Anonymous();
        var chinese = await client.GetStringAsync("/");
        var english = await client.GetStringAsync("/?culture=en");
        Assert.Contains("用地用矿用林用草预审协同办理", chinese);
        Assert.Contains("lang=\"zh-CN\"", chinese);
        Assert.Contains("Joint pre-approval of land, mineral, forest and grassland use", english);
        Assert.Contains("lang=\"en\"", english);
    }

    [Theory]
    [InlineData("applicant", "/portal", "/inbox")]
    [InlineData("zezhou.land", "/inbox", "/dashboard")]
    [InlineData("jincheng.supervisor", "/dashboard", "/portal")]
    public async Task The_home_page_links_to_what_the_role_works_with(string user, string linked, string notLinked)
    {
        var client = await app.SignedInAs(user);
        var home = await client.GetStringAsync("/");
        Assert.Contains($"href=\"{linked}\"", home);
        Assert.DoesNotContain($"href=\"{notLinked}\"", home);
    }

    [Fact]
    public async Task The_background_work_dashboard_is_for_administrators_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/hangfire")).StatusCode);
        var reviewer = await app.SignedInAs("shanxi.land");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/hangfire")).StatusCode);
        var admin = await app.SignedInAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }
}
