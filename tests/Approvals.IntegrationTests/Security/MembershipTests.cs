using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;

namespace Approvals.IntegrationTests.Security;

/// <summary>
/// Membership of an applicant's organisation: the credit code printed on every business licence is no key
/// to the organisation's applications. Registering with a known code only asks to join; members join by
/// invitation or by the approval of a member or an administrator.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class MembershipTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stranger_who_registers_with_a_known_credit_code_sees_nothing_of_that_organisation()
    {
        var (_, owner) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, owner);
        var file = await PortalFixtures.SendAsync(app, owner, m => m.Send(new AddAttachmentCommand(draft, null, "批复.pdf", PortalFixtures.Pdf())));
        var submitted = await PortalFixtures.SendAsync(app, owner, m => m.Send(new SubmitDraftCommand(draft)));
        var openDraft = await PortalFixtures.SendAsync(app, owner, m => m.Send(new StartDraftCommand()));
        var creditCode = await app.Database.ScalarAsync<string>($"SELECT credit_code FROM organisations WHERE id = '{owner.OrganisationId}'");

        var (stranger, registered) = await RegisterAsync(creditCode, "冒名公司");

        foreach (var url in new[] { $"/api/cases/{submitted.Id}", $"/cases/{submitted.Id}", $"/attachments/{file.Id}", $"/portal/drafts/{openDraft}/project",
                     $"/portal/cases/{submitted.Id}/withdraw", $"/api/boundary-maps/cases/{submitted.Id}" })
            Assert.Contains((await stranger.GetAsync(url)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        var withdraw = await stranger.PostAsJsonAsync($"/api/cases/{submitted.Id}/withdraw", new { reason = "不办了" });
        Assert.Contains(withdraw.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.NotEqual("Withdrawn", await app.Database.ScalarAsync<string>($"SELECT status FROM cases WHERE id = '{submitted.Id}'"));
        Assert.Equal("Pending", registered.GetProperty("membership").GetString());
        Assert.Equal(JsonValueKind.Null, registered.GetProperty("organisationId").ValueKind);
        Assert.Null((await PortalFixtures.ActorOfAsync(stranger)).OrganisationId);

        var portal = await stranger.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        var page = await portal.Content.ReadAsStringAsync();
        Assert.DoesNotContain(submitted.Number, page);
        Assert.DoesNotContain("泽州县光伏发电项目", page);
        Assert.DoesNotContain("太原测试建设有限公司", page);
        Assert.Contains("等待", page);
    }

    [Fact]
    public async Task A_member_approves_a_request_and_the_requester_sees_the_organisations_cases_at_once_with_both_in_the_audit_trail()
    {
        var (member, owner) = await PortalFixtures.NewApplicantAsync(app);
        var caseId = await SubmitCaseAsync(owner);
        var (requester, registered) = await RegisterAsync(await CreditCodeOfAsync(owner), "某能源公司");
        var requesterId = registered.GetProperty("userId").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/cases/{caseId}")).StatusCode);

        var waiting = await member.GetFromJsonAsync<JsonElement>("/api/organisation/membership-requests");
        var request = waiting.EnumerateArray().Single(r => r.GetProperty("userId").GetGuid() == requesterId);
        Assert.Equal("某能源公司", request.GetProperty("givenOrganisationName").GetString());
        var approved = await member.PostAsync($"/api/organisation/membership-requests/{request.GetProperty("id").GetGuid()}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        // The same session, without signing in again.
        Assert.Equal(HttpStatusCode.OK, (await requester.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Equal(owner.OrganisationId, (await PortalFixtures.ActorOfAsync(requester)).OrganisationId);
        Assert.Contains("泽州县光伏发电项目", await requester.GetStringAsync("/portal"));
        var requestId = request.GetProperty("id").GetGuid();
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM audit_entries WHERE entity_type = 'MembershipRequest' AND entity_id = '{requestId}' AND action = 'Added' AND actor_id = '{requesterId}'
            """));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM audit_entries WHERE entity_type = 'MembershipRequest' AND entity_id = '{requestId}' AND action = 'Modified'
              AND actor_id = '{owner.UserId}' AND after LIKE '%"Status":"Approved"%'
            """));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($$"""
            SELECT count(*) FROM audit_entries WHERE entity_type = 'ApprovalsUser' AND entity_id = '{{requesterId}}' AND action = 'Modified'
              AND actor_id = '{{owner.UserId}}' AND before = '{"OrganisationId":null}' AND after = '{"OrganisationId":"{{owner.OrganisationId}}"}'
            """));
    }

    [Fact]
    public async Task A_rejected_requester_keeps_seeing_nothing_and_the_request_cannot_be_decided_again()
    {
        var (member, owner) = await PortalFixtures.NewApplicantAsync(app);
        var caseId = await SubmitCaseAsync(owner);
        var (requester, registered) = await RegisterAsync(await CreditCodeOfAsync(owner), "某能源公司");
        var requestId = await RequestOfAsync(registered);

        var rejected = await member.PostAsJsonAsync($"/api/organisation/membership-requests/{requestId}/reject", new { reason = "不认识此人" });
        var approvedAfterwards = await member.PostAsync($"/api/organisation/membership-requests/{requestId}/approve", null);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approvedAfterwards.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Null((await PortalFixtures.ActorOfAsync(requester)).OrganisationId);
        var membership = await requester.GetFromJsonAsync<JsonElement>("/api/organisation/membership");
        Assert.Equal("None", membership.GetProperty("state").GetString());
        Assert.Equal("不认识此人", membership.GetProperty("latestRequest").GetProperty("reason").GetString());
        Assert.DoesNotContain("泽州县光伏发电项目", await requester.GetStringAsync("/portal"));
    }

    [Fact]
    public async Task An_administrator_sees_every_organisations_requests_and_approves_one()
    {
        var (_, owner) = await PortalFixtures.NewApplicantAsync(app);
        var (requester, registered) = await RegisterAsync(await CreditCodeOfAsync(owner), "某能源公司");
        var requestId = await RequestOfAsync(registered);
        var admin = await app.SignedInAs("admin");

        var waiting = await admin.GetFromJsonAsync<JsonElement>("/api/organisation/membership-requests");
        Assert.Contains(waiting.EnumerateArray(), r => r.GetProperty("id").GetGuid() == requestId && r.GetProperty("organisationName").GetString() == "太原测试建设有限公司");
        Assert.Contains("太原测试建设有限公司", await admin.GetStringAsync("/administration/membership-requests"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/organisation/membership-requests/{requestId}/approve", null)).StatusCode);

        Assert.Equal(owner.OrganisationId, (await PortalFixtures.ActorOfAsync(requester)).OrganisationId);
    }

    [Fact]
    public async Task Nobody_outside_the_organisation_decides_its_requests_or_touches_its_invitations()
    {
        var (member, owner) = await PortalFixtures.NewApplicantAsync(app);
        var (outsider, _) = await PortalFixtures.NewApplicantAsync(app);
        var (requester, registered) = await RegisterAsync(await CreditCodeOfAsync(owner), "某能源公司");
        var requestId = await RequestOfAsync(registered);
        var invitation = await (await member.PostAsJsonAsync("/api/organisation/invitations", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var invitationId = invitation.GetProperty("id").GetGuid();
        var clerk = await app.SignedInAs("zezhou.clerk");

        foreach (var stranger in new[] { outsider, requester, clerk })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/organisation/membership-requests/{requestId}/approve", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/organisation/membership-requests/{requestId}/reject", new { })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/organisation/invitations/{invitationId}/revoke", null)).StatusCode);
        }
        Assert.DoesNotContain((await outsider.GetFromJsonAsync<JsonElement>("/api/organisation/membership-requests")).EnumerateArray(),
            r => r.GetProperty("id").GetGuid() == requestId);
        Assert.DoesNotContain((await outsider.GetFromJsonAsync<JsonElement>("/api/organisation/invitations")).EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == invitationId);
        // Someone without an organisation invites nobody into one, and sees no organisation's requests.
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.PostAsJsonAsync("/api/organisation/invitations", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/organisation/membership-requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/organisation")).StatusCode);
        // An outsider's invitation brings people into the outsider's organisation, never this one.
        var outsiders = await (await outsider.PostAsJsonAsync("/api/organisation/invitations", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsJsonAsync("/api/organisation/invitations/accept", new { token = outsiders.GetProperty("token").GetString() })).StatusCode);
        Assert.NotEqual(owner.OrganisationId, (await PortalFixtures.ActorOfAsync(requester)).OrganisationId);

        Assert.Equal("Superseded", await app.Database.ScalarAsync<string>($"SELECT status FROM membership_requests WHERE id = '{requestId}'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM organisation_invitations WHERE id = '{invitationId}' AND revoked_at IS NOT NULL"));
    }

    [Fact]
    public async Task An_invitee_registers_through_the_link_joins_and_sees_the_organisations_cases_and_the_link_works_once()
    {
        var (member, owner) = await PortalFixtures.NewApplicantAsync(app);
        var caseId = await SubmitCaseAsync(owner);
        var created = await member.PostAsJsonAsync("/api/organisation/invitations", new { });
        var invitation = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = invitation.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith($"/account/register?invitation={token}", invitation.GetProperty("link").GetString());
        var open = await member.GetFromJsonAsync<JsonElement>("/api/organisation/invitations");
        Assert.Contains(open.EnumerateArray(), i => i.GetProperty("id").GetGuid() == invitation.GetProperty("id").GetGuid());
        // The link names the organisation to whoever holds it.
        Assert.Contains("太原测试建设有限公司", await app.Anonymous().GetStringAsync($"/account/register?invitation={token}"));

        var (invitee, registered) = await RegisterAsync(null, null, token);

        Assert.Equal("Member", registered.GetProperty("membership").GetString());
        Assert.Equal(owner.OrganisationId, registered.GetProperty("organisationId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM membership_requests WHERE user_id = '{registered.GetProperty("userId").GetGuid()}'"));
        Assert.Equal(64, (await app.Database.ScalarAsync<string>($"SELECT token_hash FROM organisation_invitations WHERE id = '{invitation.GetProperty("id").GetGuid()}'")).Length);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM organisation_invitations WHERE token_hash = '{token}'"));

        var usersBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");
        var again = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration($"t{Guid.NewGuid():N}@example.cn", null, null, token));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("已被使用", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("invitationToken")[0].GetString());
        Assert.Equal(usersBefore, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
        Assert.Contains("已被使用", await app.Anonymous().GetStringAsync($"/account/register?invitation={token}"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM audit_entries WHERE entity_type = 'OrganisationInvitation' AND entity_id = '{invitation.GetProperty("id").GetGuid()}'
              AND action = 'Modified' AND actor_id = '{registered.GetProperty("userId").GetGuid()}' AND after LIKE '%AcceptedById%'
            """));
    }

    [Fact]
    public async Task An_expired_a_revoked_and_a_made_up_invitation_are_refused_and_create_nobody()
    {
        var (member, _) = await PortalFixtures.NewApplicantAsync(app);
        var expired = await InviteAsync(member);
        var revoked = await InviteAsync(member);
        await app.Database.ExecuteAsync($"UPDATE organisation_invitations SET expires_at = now() - interval '1 minute' WHERE id = '{expired.Id}'");
        Assert.Equal(HttpStatusCode.NoContent, (await member.PostAsync($"/api/organisation/invitations/{revoked.Id}/revoke", null)).StatusCode);
        var usersBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");

        foreach (var (token, says) in new[] { (expired.Token, "已过期"), (revoked.Token, "已被撤销"), ("made-up-token", "无效") })
        {
            var response = await app.Anonymous().PostAsJsonAsync("/api/applicants", Registration($"x{Guid.NewGuid():N}@example.cn", null, null, token));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(says, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("invitationToken")[0].GetString());
        }
        Assert.Equal(usersBefore, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
        Assert.DoesNotContain((await member.GetFromJsonAsync<JsonElement>("/api/organisation/invitations")).EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == expired.Id || i.GetProperty("id").GetGuid() == revoked.Id);
    }

    [Fact]
    public async Task An_invitation_for_one_email_address_is_refused_to_another_and_a_waiting_applicant_accepts_one_while_signed_in()
    {
        var (member, owner) = await PortalFixtures.NewApplicantAsync(app);
        var caseId = await SubmitCaseAsync(owner);
        var (requester, registered) = await RegisterAsync(await CreditCodeOfAsync(owner), "某能源公司");
        var requesterEmail = registered.GetProperty("userName").GetString()!;
        var forSomeoneElse = await InviteAsync(member, "someone.else@example.cn");
        var forRequester = await InviteAsync(member, requesterEmail.ToUpperInvariant());

        var refused = await requester.PostAsJsonAsync("/api/organisation/invitations/accept", new { token = forSomeoneElse.Token });
        var accepted = await requester.PostAsJsonAsync("/api/organisation/invitations/accept", new { token = forRequester.Token });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await requester.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Equal("Superseded", await app.Database.ScalarAsync<string>($"SELECT status FROM membership_requests WHERE id = '{await RequestOfAsync(registered)}'"));
        var twice = await requester.PostAsJsonAsync("/api/organisation/invitations/accept", new { token = forSomeoneElse.Token });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }

    private async Task<Guid> SubmitCaseAsync(Application.Identity.Actor owner)
    {
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, owner);
        return (await PortalFixtures.SendAsync(app, owner, m => m.Send(new SubmitDraftCommand(draft)))).Id;
    }

    private Task<string> CreditCodeOfAsync(Application.Identity.Actor member) =>
        app.Database.ScalarAsync<string>($"SELECT credit_code FROM organisations WHERE id = '{member.OrganisationId}'");

    private Task<Guid> RequestOfAsync(JsonElement registered) =>
        app.Database.ScalarAsync<Guid>($"SELECT id FROM membership_requests WHERE user_id = '{registered.GetProperty("userId").GetGuid()}'");

    private static async Task<(Guid Id, string Token)> InviteAsync(HttpClient member, string? email = null)
    {
        var response = await member.PostAsJsonAsync("/api/organisation/invitations", new { email });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (invitation.GetProperty("id").GetGuid(), invitation.GetProperty("token").GetString()!);
    }

    private static object Registration(string email, string? creditCode, string? organisationName, string? invitationToken) => new
    {
        organisationName, creditCode, displayName = "陌生人", email, phone = "13900000000", password = ApprovalsApp.Password, invitationToken,
    };

    /// <summary>
    /// Registers an applicant through the API with a credit code or an invitation, signs in, and returns the
    /// signed-in client with where the membership stands (the registration's own answer is neutral: 202 for any address).
    /// </summary>
    private async Task<(HttpClient Client, JsonElement Registered)> RegisterAsync(string? creditCode, string? organisationName, string? invitationToken = null)
    {
        var client = app.Anonymous();
        var email = $"s{Guid.NewGuid():N}@example.cn";
        var response = await client.PostAsJsonAsync("/api/applicants", Registration(email, creditCode, organisationName, invitationToken));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = email, password = ApprovalsApp.Password })).EnsureSuccessStatusCode();
        var membership = await client.GetFromJsonAsync<JsonElement>("/api/organisation/membership");
        var userId = await app.Database.ScalarAsync<Guid>($"SELECT id FROM users WHERE user_name = '{email}'");
        return (client, JsonSerializer.SerializeToElement(new
        {
            userId,
            userName = email,
            membership = membership.GetProperty("state").GetString(),
            organisationId = membership.GetProperty("organisationId").ValueKind == JsonValueKind.Null ? (Guid?)null : membership.GetProperty("organisationId").GetGuid(),
        }));
    }
}
