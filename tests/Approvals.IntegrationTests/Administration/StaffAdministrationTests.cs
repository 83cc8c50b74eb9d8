using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.IntegrationTests.Inbox;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Administration;

/// <summary>
/// The administration console's staff accounts: administrators open, disable, enable and reset them and import them
/// in bulk; supervisors may look but not change; every user changes their own password.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class StaffAdministrationTests(ApprovalsApp app)
{
    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<JsonElement> CreateAsync(HttpClient admin, string userName, string role = "reviewer", string jurisdiction = "140525", string? department = "Land", string? password = null)
    {
        var response = await admin.PostAsJsonAsync("/api/staff", new { userName, displayName = "测试人员", role, jurisdictionCode = jurisdiction, department, email = (string?)null, password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password) =>
        await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });

    private static MultipartFormDataContent File(string name, string content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_their_session_ends_and_their_claimed_task_returns_to_the_pool_with_a_timeline_entry()
    {
        var (_, number) = await new CaseDriver(app).SubmitAsync(await app.SignedInAs("applicant"), county: "140522");
        var clerk = await InboxClient.ColleagueAsync(app, "clerk", "140522", null);
        var me = await clerk.GetFromJsonAsync<JsonElement>("/api/auth/me");
        var clerkId = me.GetProperty("id").GetGuid();
        var clerkName = me.GetProperty("userName").GetString()!;
        var row = await InboxClient.WaitForRowAsync(clerk, number);
        var taskId = row.GetProperty("taskId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);

        var admin = await app.SignedInAs("admin");
        var disabled = await admin.PostAsync($"/api/staff/{clerkId}/disable", null);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(1, (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasksReleased").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await clerk.GetAsync("/api/auth/me")).StatusCode);
        var again = await SignInAsync(app.Anonymous(), clerkName, ApprovalsApp.Password);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("停用", await again.Content.ReadAsStringAsync());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM review_tasks WHERE id = '{taskId}' AND assignee_id IS NOT NULL"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM case_events e JOIN review_tasks t ON t.case_id = e.case_id WHERE t.id = '{taskId}' AND e.kind = 'task-released' AND NOT e.visible_to_applicant"));
        Assert.True(await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE entity_type = 'ApprovalsUser' AND entity_id = '{clerkId}' AND after LIKE '%\"DisabledAt\":\"20%' AND action = 'Modified'") > 0);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/staff?q={clerkName}&enabled=false");
        Assert.Equal(clerkName, listed.GetProperty("accounts")[0].GetProperty("userName").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/staff/{clerkId}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(app.Anonymous(), clerkName, ApprovalsApp.Password)).StatusCode);
    }

    [Fact]
    public async Task A_one_time_password_lets_the_user_do_nothing_but_change_it_and_the_old_one_stops_working()
    {
        var admin = await app.SignedInAs("admin");
        var userName = NewName("otp");
        var created = await CreateAsync(admin, userName, password: ApprovalsApp.Password);
        var id = created.GetProperty("id").GetGuid();
        var reset = await admin.PostAsync($"/api/staff/{id}/password-reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal("no-store", reset.Headers.CacheControl?.ToString());
        var oneTime = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app.Anonymous(), userName, ApprovalsApp.Password)).StatusCode);
        var user = app.Anonymous();
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(user, userName, oneTime)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/inbox")).StatusCode);
        var page = await user.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/password", page.Headers.Location!.OriginalString);

        var common = await user.PostAsJsonAsync("/api/account/password", new { currentPassword = oneTime, newPassword = "password123", confirmPassword = "password123" });
        Assert.Equal(HttpStatusCode.BadRequest, common.StatusCode);
        var wrong = await user.PostAsJsonAsync("/api/account/password", new { currentPassword = "not-the-one-1", newPassword = "Fenshui-Ling-2026", confirmPassword = "Fenshui-Ling-2026" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("当前密码不正确", await wrong.Content.ReadAsStringAsync());
        var changed = await user.PostAsJsonAsync("/api/account/password", new { currentPassword = oneTime, newPassword = "Fenshui-Ling-2026", confirmPassword = "Fenshui-Ling-2026" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app.Anonymous(), userName, oneTime)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(app.Anonymous(), userName, "Fenshui-Ling-2026")).StatusCode);
        Assert.False(await app.Database.ScalarAsync<bool>($"SELECT must_change_password FROM users WHERE id = '{id}'"));
    }

    [Fact]
    public async Task A_new_account_without_a_password_gets_a_one_time_password_it_must_change()
    {
        var admin = await app.SignedInAs("admin");
        var userName = NewName("fresh");
        var created = await CreateAsync(admin, userName, role: "supervisor", department: null);
        var oneTime = created.GetProperty("oneTimePassword").GetString()!;
        var user = app.Anonymous();
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(user, userName, oneTime)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Every_signed_in_user_changes_their_own_password_and_their_other_sessions_end()
    {
        var admin = await app.SignedInAs("admin");
        var userName = NewName("own");
        await CreateAsync(admin, userName, password: ApprovalsApp.Password);
        var laptop = app.Anonymous();
        var phone = app.Anonymous();
        await SignInAsync(laptop, userName, ApprovalsApp.Password);
        await SignInAsync(phone, userName, ApprovalsApp.Password);

        var changed = await laptop.PostAsJsonAsync("/api/account/password", new { currentPassword = ApprovalsApp.Password, newPassword = "Taihang-Shan-77", confirmPassword = "Taihang-Shan-77" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_sees_the_staff_of_their_scope_but_cannot_change_any_account()
    {
        var admin = await app.SignedInAs("admin");
        var target = await CreateAsync(admin, NewName("target"), password: ApprovalsApp.Password);
        var id = target.GetProperty("id").GetGuid();
        var supervisor = await app.SignedInAs("jincheng.supervisor");

        var list = await supervisor.GetFromJsonAsync<JsonElement>("/api/staff");
        var names = list.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("userName").GetString()).ToList();
        Assert.Contains("zezhou.land", names);
        Assert.DoesNotContain("qingxu.clerk", names);
        Assert.DoesNotContain("admin", names);
        foreach (var action in new[] { "disable", "enable", "password-reset" })
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"/api/staff/{id}/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync("/api/staff/import?dryRun=true", File("s.csv", "用户名,姓名,角色,行政区划\n")) ).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/admin/staff")).StatusCode);
        Assert.DoesNotContain("重置密码", await supervisor.GetStringAsync("/admin/staff"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAs("zezhou.land")).GetAsync("/api/staff")).StatusCode);
    }

    [Fact]
    public async Task A_dry_run_lists_every_rows_errors_and_writes_nothing()
    {
        var admin = await app.SignedInAs("admin");
        var a = NewName("imp");
        var b = NewName("imp");
        var csv = $"用户名,姓名,角色,行政区划,部门,电子邮箱\n{a},李四,reviewer,140525,林业,lisi@example.gov.cn\n\n{b},王五,clerk,140500,,\nBad Name,,pilot,999999,,not-an-email\n";
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");

        var response = await admin.PostAsync("/api/staff/import?dryRun=true", File("staff.csv", csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString()!)).ToList();
        Assert.Equal(3, result.GetProperty("rows").GetInt32()); // three people; the blank line is skipped but keeps its number
        Assert.DoesNotContain(errors, e => e.Row == 2);
        Assert.Contains((4, "jurisdiction"), errors); // a window is at a county, not a city
        Assert.Contains((5, "userName"), errors);
        Assert.Contains((5, "displayName"), errors);
        Assert.Contains((5, "role"), errors);
        Assert.Contains((5, "jurisdiction"), errors);
        Assert.Contains((5, "email"), errors);
        Assert.False(result.GetProperty("written").GetBoolean());
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));

        var clean = $"用户名,姓名,角色,行政区划,部门,电子邮箱\n{a},李四,reviewer,140525,林业,\n";
        var checkedOnly = await (await admin.PostAsync("/api/staff/import?dryRun=true", File("staff.csv", clean))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(checkedOnly.GetProperty("errors").EnumerateArray());
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task One_bad_row_means_no_account_is_written_and_a_clean_file_writes_them_all_with_one_time_passwords()
    {
        var admin = await app.SignedInAs("admin");
        var (a, b) = (NewName("all"), NewName("all"));
        var bad = $"userName,displayName,role,jurisdiction,department\n{a},赵六,reviewer,泽州县,Forest\n{b},钱七,reviewer,140525,\n";

        var refused = await (await admin.PostAsync("/api/staff/import?dryRun=false", File("staff.csv", bad))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(refused.GetProperty("written").GetBoolean());
        var error = refused.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(3, error.GetProperty("row").GetInt32());
        Assert.Equal("department", error.GetProperty("column").GetString());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE user_name IN ('{a}', '{b}')"));

        var good = bad.Replace("140525,\n", "140525,草原\n");
        var imported = await (await admin.PostAsync("/api/staff/import?dryRun=false", File("staff.csv", good))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(imported.GetProperty("written").GetBoolean());
        Assert.Equal(2, imported.GetProperty("created").GetArrayLength());
        Assert.Equal(2L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE user_name IN ('{a}', '{b}') AND must_change_password AND jurisdiction_code = '140525'"));
        var oneTime = imported.GetProperty("created")[0].GetProperty("oneTimePassword").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(app.Anonymous(), a, oneTime)).StatusCode);
        var again = await (await admin.PostAsync("/api/staff/import?dryRun=true", File("staff.csv", good))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, again.GetProperty("errors").EnumerateArray().Count(e => e.GetProperty("column").GetString() == "userName"));
    }
}
