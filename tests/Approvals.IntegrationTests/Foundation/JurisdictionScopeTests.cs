using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>A county's staff see their county, a city's its counties, the province all.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class JurisdictionScopeTests(ApprovalsApp app)
{
    [Theory]
    // 泽州县 staff: their own county only
    [InlineData("zezhou.land", "140525", HttpStatusCode.OK)]
    [InlineData("zezhou.land", "140522", HttpStatusCode.NotFound)]
    [InlineData("zezhou.clerk", "140500", HttpStatusCode.NotFound)]
    // 晋城市 staff: the city and its counties, not Taiyuan's
    [InlineData("jincheng.supervisor", "140522", HttpStatusCode.OK)]
    [InlineData("jincheng.forest", "140500", HttpStatusCode.OK)]
    [InlineData("jincheng.supervisor", "140121", HttpStatusCode.NotFound)]
    [InlineData("jincheng.land", "140000", HttpStatusCode.NotFound)]
    // the province sees all
    [InlineData("shanxi.supervisor", "140121", HttpStatusCode.OK)]
    [InlineData("shanxi.mineral", "140581", HttpStatusCode.OK)]
    // applicants are not staff
    [InlineData("applicant", "140525", HttpStatusCode.Forbidden)]
    public async Task Staff_lists_are_visible_only_within_the_callers_jurisdiction(string user, string code, HttpStatusCode expected)
    {
        var client = await app.SignedInAs(user);
        var response = await client.GetAsync($"/api/jurisdictions/{code}/staff");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_county_reviewer_sees_the_staff_of_their_county()
    {
        var client = await app.SignedInAs("zezhou.land");
        var staff = await client.GetFromJsonAsync<JsonElement>("/api/jurisdictions/140525/staff");
        var names = staff.GetProperty("staff").EnumerateArray().Select(s => s.GetProperty("userName").GetString()).ToList();
        Assert.Contains("zezhou.clerk", names);
        Assert.Contains("zezhou.grassland", names);
        Assert.DoesNotContain("yangcheng.land", names);
    }

    [Fact]
    public async Task A_city_supervisor_lists_only_the_city_and_its_counties()
    {
        var client = await app.SignedInAs("jincheng.supervisor");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/jurisdictions");
        var codes = list.EnumerateArray().Select(j => j.GetProperty("code").GetString()).ToList();
        Assert.Equal(["140500", "140522", "140525", "140581"], codes);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_from_the_API_not_a_redirect()
    {
        var response = await app.Anonymous().GetAsync("/api/jurisdictions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_jurisdiction_code_is_a_400_problem()
    {
        var client = await app.SignedInAs("shanxi.supervisor");
        var response = await client.GetAsync("/api/jurisdictions/14x/staff");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("6 位数字", await response.Content.ReadAsStringAsync());
    }
}

[Collection(ApprovalsCollection.Name)]
public sealed class StaffAccountTests(ApprovalsApp app)
{
    [Fact]
    public async Task An_administrator_opens_a_reviewer_account_who_then_works_in_that_county_only()
    {
        var admin = await app.SignedInAs("admin");
        var created = await admin.PostAsJsonAsync("/api/staff", new
        {
            userName = "yangqu.land9", displayName = "阳曲县用地审查员二", role = "reviewer", jurisdictionCode = "140122",
            department = "Land", email = "land9@yangqu.example.cn", password = ApprovalsApp.Password,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var reviewer = await app.SignedInAs("yangqu.land9");
        var me = await reviewer.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("140122", me.GetProperty("jurisdictionCode").GetString());
        Assert.Equal("Land", me.GetProperty("department").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/jurisdictions/140122/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync("/api/jurisdictions/140121/staff")).StatusCode);
    }

    [Fact]
    public async Task A_reviewer_without_a_department_or_a_clerk_above_the_county_is_refused_field_by_field()
    {
        var admin = await app.SignedInAs("admin");
        var noDepartment = await admin.PostAsJsonAsync("/api/staff", new
        {
            userName = "jincheng.nodept", displayName = "无部门", role = "reviewer", jurisdictionCode = "140500", password = ApprovalsApp.Password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, noDepartment.StatusCode);
        Assert.Contains("department", await noDepartment.Content.ReadAsStringAsync());

        var cityClerk = await admin.PostAsJsonAsync("/api/staff", new
        {
            userName = "jincheng.clerk", displayName = "市级窗口", role = "clerk", jurisdictionCode = "140500", password = ApprovalsApp.Password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, cityClerk.StatusCode);
        Assert.Contains("受理窗口设在县级", await cityClerk.Content.ReadAsStringAsync());

        var supervisor = await app.SignedInAs("shanxi.supervisor");
        var notAdmin = await supervisor.PostAsJsonAsync("/api/staff", new
        {
            userName = "someone.else", displayName = "某人", role = "supervisor", jurisdictionCode = "140000", password = ApprovalsApp.Password,
        });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }
}
