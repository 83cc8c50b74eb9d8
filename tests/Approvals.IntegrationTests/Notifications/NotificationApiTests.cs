using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Application.Notifications;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Notifications;

/// <summary>/api/notifications: each user sees, counts and marks only their own notifications.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class NotificationApiTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);
    private readonly NotificationScope notifications = new(app);

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count")).GetProperty("unread").GetInt32();

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query = "") =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/notifications?pageSize=100{query}")).GetProperty("rows").EnumerateArray()];

    [Fact]
    public async Task A_user_sees_counts_and_marks_read_only_their_own_notifications()
    {
        var (id, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        var (mine, _) = await notifications.PostAsync("zezhou.forest", NotificationKinds.BaseMapChange,
            $"案件 {number} 压占的生态保护红线图层已更新", $"The ecological red line layer under case {number} has changed", id);
        var forest = await app.SignedInAs("zezhou.forest");
        var colleague = await app.SignedInAs("zezhou.land");
        var colleagueUnread = await UnreadAsync(colleague);

        var unread = await UnreadAsync(forest);
        Assert.True(unread >= 1);
        var row = Assert.Single(await ListAsync(forest), r => r.GetProperty("id").GetGuid() == mine);
        Assert.Equal("basemap-change", row.GetProperty("kind").GetString());
        Assert.Equal("底图变化", row.GetProperty("kindName").GetString());
        Assert.Equal(id, row.GetProperty("caseId").GetGuid());
        Assert.Equal(number, row.GetProperty("caseNumber").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("readAt").ValueKind);

        // A colleague of the same county neither sees it nor can mark it (it does not exist for them).
        Assert.DoesNotContain(await ListAsync(colleague), r => r.GetProperty("id").GetGuid() == mine);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.PostAsync($"/api/notifications/{mine}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await forest.PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null)).StatusCode);
        Assert.Equal(colleagueUnread, await UnreadAsync(colleague));

        // Marking it read lowers the owner's count by one; marking it again changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await forest.PostAsync($"/api/notifications/{mine}/read", null)).StatusCode);
        Assert.Equal(unread - 1, await UnreadAsync(forest));
        Assert.Equal(HttpStatusCode.NoContent, (await forest.PostAsync($"/api/notifications/{mine}/read", null)).StatusCode);
        Assert.Equal(unread - 1, await UnreadAsync(forest));
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(await ListAsync(forest), r => r.GetProperty("id").GetGuid() == mine).GetProperty("readAt").ValueKind);
    }

    [Fact]
    public async Task Marking_all_read_empties_my_bell_and_leaves_other_users_unread()
    {
        var (id, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        await notifications.PostAsync("zezhou.mineral", NotificationKinds.BaseMapChange, $"案件 {number} 底图变化一", $"Base map change one, case {number}", id);
        await notifications.PostAsync("zezhou.mineral", NotificationKinds.BaseMapChange, $"案件 {number} 底图变化二", $"Base map change two, case {number}", id);
        var (others, _) = await notifications.PostAsync("zezhou.supervisor", NotificationKinds.BaseMapChange, $"案件 {number} 底图变化", $"Base map change, case {number}", id);
        var mineral = await app.SignedInAs("zezhou.mineral");
        var supervisor = await app.SignedInAs("zezhou.supervisor");
        var supervisorUnread = await UnreadAsync(supervisor);
        Assert.True(await UnreadAsync(mineral) >= 2);

        var marked = await mineral.PostAsync("/api/notifications/read-all", null);

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.True((await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32() >= 2);
        Assert.Equal(0, await UnreadAsync(mineral));
        Assert.Equal(supervisorUnread, await UnreadAsync(supervisor));
        Assert.Equal(JsonValueKind.Null, Assert.Single(await ListAsync(supervisor), r => r.GetProperty("id").GetGuid() == others).GetProperty("readAt").ValueKind);
    }

    [Fact]
    public async Task Notifications_come_newest_first_in_the_callers_language()
    {
        var (id, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        var (older, _) = await notifications.PostAsync("zezhou.grassland", NotificationKinds.BaseMapChange, $"较早 {number}", $"Older {number}", id);
        var (newer, _) = await notifications.PostAsync("zezhou.grassland", NotificationKinds.BaseMapChange, $"较新 {number}", $"Newer {number}", id);
        var grassland = await app.SignedInAs("zezhou.grassland");

        var rows = await ListAsync(grassland);
        Assert.Equal([newer, older], rows.Select(r => r.GetProperty("id").GetGuid()).Where(n => n == older || n == newer));
        Assert.Equal($"较新 {number}", rows.First(r => r.GetProperty("id").GetGuid() == newer).GetProperty("text").GetString());
        var english = await ListAsync(grassland, "&culture=en");
        var row = english.First(r => r.GetProperty("id").GetGuid() == newer);
        Assert.Equal($"Newer {number}", row.GetProperty("text").GetString());
        Assert.Equal("Base map changed", row.GetProperty("kindName").GetString());
    }

    [Fact]
    public async Task A_notification_about_a_case_the_user_may_not_see_keeps_its_text_but_has_no_link()
    {
        // A Zezhou case, told to a Gaoping clerk (as if they had been moved to Gaoping since): Gaoping staff do not see it.
        var (id, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        var (notice, _) = await notifications.PostAsync("gaoping.clerk", NotificationKinds.BaseMapChange, $"案件 {number} 底图变化", $"Base map change, case {number}", id);
        var clerk = await app.SignedInAs("gaoping.clerk");

        var row = Assert.Single(await ListAsync(clerk), r => r.GetProperty("id").GetGuid() == notice);
        Assert.Equal($"案件 {number} 底图变化", row.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("caseId").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("caseNumber").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/api/cases/{id}")).StatusCode);
    }

    [Fact]
    public async Task Notifications_are_for_signed_in_users_only()
    {
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications/unread-count")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/notifications/read-all", null)).StatusCode);
    }

    [Fact]
    public async Task A_page_size_out_of_bounds_is_refused_with_a_reason()
    {
        var response = await (await app.SignedInAs("zezhou.land")).GetAsync("/api/notifications?pageSize=100000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("每页条数", await response.Content.ReadAsStringAsync());
    }
}
