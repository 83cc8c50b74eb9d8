using System.Net;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Security;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// A form whose command is refused shows itself again, with the reasons beside the fields and what was typed kept;
/// a thing that does not exist is a 404 (one page filter for all pages, no page catching these itself).
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RefusedFormTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_project_without_a_name_is_shown_again_with_the_message_beside_the_name_and_the_rest_as_typed()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        var form = await client.GetStringAsync($"/portal/drafts/{draft}/project");

        var answer = await client.PostAsync($"/portal/drafts/{draft}/project", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "", ["Code"] = "TYPED-CODE-0042", ["Owner"] = "晋城示范能源有限公司", ["Type"] = "能源", ["CountyCode"] = "140525",
            ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(form),
        }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await answer.Content.ReadAsStringAsync();
        Assert.Contains("aria-describedby=\"name-error\"", page);
        Assert.Contains("value=\"TYPED-CODE-0042\"", page);
        // The draft's steps are drawn again around the form (the page's reload hook ran).
        Assert.Contains($"/portal/drafts/{draft}/uses", page);
    }

    [Fact]
    public async Task Discarding_a_draft_that_was_submitted_meanwhile_keeps_it_and_says_why()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var form = await client.GetStringAsync($"/portal/drafts/{draft}/discard");
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));

        var answer = await client.PostAsync($"/portal/drafts/{draft}/discard", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(form),
        }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("该申请已提交，不能再修改草稿", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_for_a_draft_that_does_not_exist_is_a_404()
    {
        var (client, _) = await PortalFixtures.NewApplicantAsync(app);
        var form = await client.GetStringAsync("/portal");

        var answer = await client.PostAsync($"/portal/drafts/{Guid.NewGuid()}/submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(form),
        }));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }
}
