using System.Net;
using Approvals.Application.Attachments;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.IntegrationTests.Infrastructure;
using FluentValidation;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// Documents are PDF or images by their content, within size limits, and reach only the applicant's
/// organisation and the staff who may see the case; another organisation's drafts, cases and files
/// do not exist for an applicant.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class AttachmentAndAccessTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_file_named_pdf_that_is_not_one_is_refused_and_an_image_is_known_by_its_content()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        var refused = await Assert.ThrowsAsync<ValidationException>(() => PortalFixtures.SendAsync(app, applicant,
            m => m.Send(new AddAttachmentCommand(draft, null, "核准文件.pdf", "<html><script>alert(1)</script></html>"u8.ToArray()))));
        var image = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "现场照片.txt", PortalFixtures.Png())));

        Assert.Equal("file", refused.Errors.Single().PropertyName);
        Assert.Contains("不是 PDF 或图片", refused.Errors.Single().ErrorMessage);
        Assert.Equal("image/png", image.ContentType);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachments WHERE draft_id = '{draft}'"));
    }

    [Fact]
    public async Task A_file_over_twenty_megabytes_is_refused()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        var big = new byte[AttachmentRules.MaxFileBytes + 1];
        PortalFixtures.Pdf().CopyTo(big, 0);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "大文件.pdf", big))));

        Assert.Contains("20 MB", refused.Errors.Single().ErrorMessage);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachments WHERE draft_id = '{draft}'"));
    }

    [Fact]
    public async Task Another_organisation_guessing_the_urls_of_a_draft_a_case_and_their_files_gets_not_found()
    {
        var (owner, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, check) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var draftFile = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "批复.pdf", PortalFixtures.Pdf())));
        var other = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        var (_, stranger) = await PortalFixtures.NewApplicantAsync(app);
        var strangerClient = await app.SignedInAs("applicant");

        foreach (var url in new[] { $"/portal/drafts/{other}/project", $"/portal/drafts/{draft}/boundary", $"/attachments/{draftFile.Id}", $"/api/boundary-maps/checks/{check}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync(url)).StatusCode);
        }

        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));
        foreach (var url in new[] { $"/cases/{submitted.Id}", $"/attachments/{draftFile.Id}", $"/api/boundary-maps/cases/{submitted.Id}", $"/portal/cases/{submitted.Id}/withdraw", $"/api/cases/{submitted.Id}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync(url)).StatusCode);
        }
        Assert.NotNull(stranger.OrganisationId);
    }

    [Fact]
    public async Task Staff_of_the_case_county_download_its_documents_and_staff_elsewhere_do_not_see_them()
    {
        var (owner, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var file = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "批复.pdf", PortalFixtures.Pdf())));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));

        var submitted = await app.Database.ScalarAsync<Guid>($"SELECT case_id FROM drafts WHERE id = '{draft}'");
        var clerk = await app.SignedInAs("zezhou.clerk");
        var zezhou = await clerk.GetAsync($"/attachments/{file.Id}");
        // The staff's case page lists the documents and draws the map too.
        var casePage = await clerk.GetStringAsync($"/cases/{submitted}");
        Assert.Contains("批复.pdf", casePage);
        Assert.Contains($"/api/boundary-maps/cases/{submitted}", casePage);
        Assert.DoesNotContain("撤回申请", casePage);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/boundary-maps/cases/{submitted}")).StatusCode);
        var qingxu = await (await app.SignedInAs("qingxu.clerk")).GetAsync($"/attachments/{file.Id}");
        var preview = await owner.GetAsync($"/attachments/{file.Id}?inline=true");

        Assert.Equal(HttpStatusCode.OK, zezhou.StatusCode);
        Assert.Equal("application/pdf", zezhou.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", zezhou.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(PortalFixtures.Pdf(), await zezhou.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", zezhou.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, qingxu.StatusCode);
        Assert.Equal("inline", preview.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task A_submitted_case_takes_documents_only_while_a_correction_is_requested()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));

        await Assert.ThrowsAsync<Application.Errors.ConflictException>(() => PortalFixtures.SendAsync(app, applicant,
            m => m.Send(new AddAttachmentCommand(null, submitted.Id, "补充.pdf", PortalFixtures.Pdf()))));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachments WHERE case_id = '{submitted.Id}' AND file_name = '补充.pdf'"));
    }

    [Fact]
    public async Task Portal_forms_refuse_a_post_without_the_anti_forgery_token()
    {
        var (owner, _) = await PortalFixtures.NewApplicantAsync(app);

        var response = await owner.PostAsync("/portal?handler=Start", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE organisation_id = '{(await PortalFixtures.ActorOfAsync(owner)).OrganisationId}'"));
    }
}
