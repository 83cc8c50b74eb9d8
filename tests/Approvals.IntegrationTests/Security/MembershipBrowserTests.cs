using Approvals.Application.Drafts.SubmitDraft;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Security;

/// <summary>Joining an organisation in Chromium: a request approved on the organisation page, and an invitation link.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class MembershipBrowserTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_member_approves_a_colleague_who_registered_with_the_code_and_invites_another_through_a_link()
    {
        var (_, owner) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, owner);
        var submitted = await PortalFixtures.SendAsync(app, owner, m => m.Send(new SubmitDraftCommand(draft)));
        var creditCode = await app.Database.ScalarAsync<string>($"SELECT credit_code FROM organisations WHERE id = '{owner.OrganisationId}'");

        await using var colleague = await app.BrowserAs(null);
        await RegisterAsync(colleague.Page, "/account/register", creditCode);
        await colleague.Page.WaitForURLAsync("**/portal");
        await Assertions.Expect(colleague.Page.Locator("#membership-state")).ToContainTextAsync("等待批准");
        await Assertions.Expect(colleague.Page.Locator("body")).Not.ToContainTextAsync(submitted.Number);
        await Assertions.Expect(colleague.Page.Locator("body")).Not.ToContainTextAsync("太原测试建设有限公司");
        await colleague.ScreenshotAsync("membership-pending");

        await using var member = await BrowserSession.OpenAsync(app.BaseAddress, owner.Name, ApprovalsApp.Password);
        await member.Page.GotoAsync("/portal");
        await Assertions.Expect(member.Page.Locator("#waiting-requests")).ToContainTextAsync("1 个加入申请");
        await member.Page.GetByRole(AriaRole.Link, new() { Name = "本单位成员与邀请" }).ClickAsync();
        var row = member.Page.Locator("#membership-requests tbody tr", new() { HasText = "周同事" });
        await Assertions.Expect(row).ToContainTextAsync("同事填写的公司名");
        await member.ScreenshotAsync("membership-organisation");
        await row.GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        await Assertions.Expect(member.Page.Locator("#members")).ToContainTextAsync("周同事");

        await colleague.Page.ReloadAsync();
        await Assertions.Expect(colleague.Page.Locator("body")).ToContainTextAsync(submitted.Number);

        await member.Page.GetByRole(AriaRole.Button, new() { Name = "生成邀请链接" }).ClickAsync();
        var link = await member.Page.Locator("#invitation-link").InputValueAsync();
        Assert.Contains("/account/register?invitation=", link);
        await Assertions.Expect(member.Page.Locator("#invitations tbody tr")).ToHaveCountAsync(1);

        await using var invitee = await app.BrowserAs(null);
        await invitee.Page.GotoAsync(link);
        await Assertions.Expect(invitee.Page.Locator("#invitation-notice")).ToContainTextAsync("太原测试建设有限公司");
        await Assertions.Expect(invitee.Page.GetByLabel("统一社会信用代码")).ToHaveCountAsync(0);
        await invitee.ScreenshotAsync("membership-invitation");
        await RegisterAsync(invitee.Page, null, null);
        await invitee.Page.WaitForURLAsync("**/portal");
        await Assertions.Expect(invitee.Page.Locator("body")).ToContainTextAsync(submitted.Number);

        await member.Page.GotoAsync("/portal/organisation");
        await Assertions.Expect(member.Page.Locator("#members")).ToContainTextAsync("吴受邀");
        await Assertions.Expect(member.Page.Locator("#invitations")).ToHaveCountAsync(0);
        Assert.Empty(colleague.Problems);
        Assert.Empty(member.Problems);
        Assert.Empty(invitee.Problems);
    }

    /// <summary>Fills the registration form (opened at <paramref name="url"/> unless already there), sends it and signs in.</summary>
    private static async Task RegisterAsync(IPage page, string? url, string? creditCode)
    {
        if (url is not null) await page.GotoAsync(url);
        if (creditCode is not null)
        {
            await page.GetByLabel("单位名称").FillAsync("同事填写的公司名");
            await page.GetByLabel("统一社会信用代码").FillAsync(creditCode);
        }
        await page.GetByLabel("联系人").FillAsync(creditCode is null ? "吴受邀" : "周同事");
        await page.GetByLabel("手机号码").FillAsync("13912345678");
        await page.GetByLabel("电子邮箱（登录用户名）").FillAsync($"m{Guid.NewGuid():N}@example.cn");
        await page.GetByLabel("密码（至少 10 位，含字母和数字）").FillAsync(ApprovalsApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册", Exact = true }).ClickAsync();
        // The sign-in page follows with the address filled in; the registration itself tells nothing.
        await page.WaitForURLAsync("**/account/login?ReturnUrl=%2Fportal");
        await page.GetByLabel("密码").FillAsync(ApprovalsApp.Password);
        await page.Locator("form button[type=submit]").Last.ClickAsync();
    }
}
