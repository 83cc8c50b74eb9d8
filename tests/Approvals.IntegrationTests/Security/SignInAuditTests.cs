using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Security;

/// <summary>Every sign-in, failed or not, is in the audit trail with the name tried and where it came from.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SignInAuditTests(ApprovalsApp app)
{
    [Fact]
    public async Task A_failed_and_a_successful_sign_in_each_leave_an_audit_entry_with_the_client_address()
    {
        var before = await app.Database.ScalarAsync<long>("SELECT coalesce(max(sequence), 0) FROM audit_entries");
        var client = app.AnonymousFrom("127.0.0.9");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "qingxu.mineral", password = "wrong-password-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "qingxu.mineral", password = ApprovalsApp.Password })).StatusCode);

        var failed = await EntryAsync(before, "SignInFailed");
        var succeeded = await EntryAsync(before, "SignInSucceeded");
        Assert.Equal("127.0.0.9", failed.GetProperty("clientAddress").GetString());
        Assert.Equal("qingxu.mineral", failed.GetProperty("userName").GetString());
        Assert.Equal("127.0.0.9", succeeded.GetProperty("clientAddress").GetString());
        Assert.Equal("qingxu.mineral", succeeded.GetProperty("userName").GetString());
        Assert.Equal("qingxu.mineral", await app.Database.ScalarAsync<string>(
            $"SELECT actor_name FROM audit_entries WHERE sequence > {before} AND action = 'SignInSucceeded' AND entity_id = 'qingxu.mineral'"));

        var admin = await app.SignedInAs("admin");
        var verification = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verification");
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
    }

    [Fact]
    public async Task A_sign_in_on_the_page_is_audited_too()
    {
        var before = await app.Database.ScalarAsync<long>("SELECT coalesce(max(sequence), 0) FROM audit_entries");
        var client = app.AnonymousFrom("127.0.0.10");
        var page = await client.GetStringAsync("/account/login");
        await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "nobody-here", ["Password"] = "wrong-password-1", ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(page),
        }));

        var failed = await EntryAsync(before, "SignInFailed");
        Assert.Equal("127.0.0.10", failed.GetProperty("clientAddress").GetString());
        Assert.Equal("nobody-here", failed.GetProperty("userName").GetString());
    }

    private async Task<JsonElement> EntryAsync(long after, string action)
    {
        var json = await app.Database.ScalarAsync<string>(
            $"SELECT after FROM audit_entries WHERE sequence > {after} AND action = '{action}' ORDER BY sequence DESC LIMIT 1");
        return JsonDocument.Parse(json).RootElement;
    }
}
