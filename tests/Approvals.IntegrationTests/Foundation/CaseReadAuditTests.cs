using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>
/// Staff opening a case is on the record: the audit chain says who read which case, through what and
/// from where. The applicant's organisation reading its own case is not a security event.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CaseReadAuditTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private sealed record Read(Guid? ActorId, string Via, string? ClientAddress);

    private async Task<List<Read>> ReadsOfAsync(Guid caseId)
    {
        var json = await app.Database.ScalarAsync<string>($"""
            SELECT coalesce(json_agg(json_build_object('actorId', actor_id, 'after', after::json) ORDER BY sequence), '[]')::text
            FROM audit_entries WHERE action = 'CaseRead' AND entity_type = 'Case' AND entity_id = '{caseId}'
            """);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => new Read(
            e.GetProperty("actorId").ValueKind == JsonValueKind.Null ? null : e.GetProperty("actorId").GetGuid(),
            e.GetProperty("after").GetProperty("via").GetString()!,
            e.GetProperty("after").GetProperty("clientAddress").GetString())).ToList();
    }

    private static async Task<Guid> IdOfAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_reviewer_opening_a_case_is_recorded_with_who_and_from_where_and_the_applicant_reading_it_is_not()
    {
        var applicant = await app.SignedInAs("applicant");
        var (caseId, _) = await cases.SubmitAsync(applicant);

        Assert.Equal(HttpStatusCode.OK, (await applicant.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await applicant.GetAsync($"/cases/{caseId}")).StatusCode);
        Assert.Empty(await ReadsOfAsync(caseId));

        var reviewer = await app.SignedInAs("zezhou.land");
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/cases/{caseId}")).StatusCode);

        var reads = await ReadsOfAsync(caseId);
        var reviewerId = await IdOfAsync(reviewer);
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal(new Read(reviewerId, "case", "127.0.0.1"), r));
        var verification = await (await app.SignedInAs("admin")).GetFromJsonAsync<JsonElement>("/api/audit/verification");
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
    }

    [Fact]
    public async Task The_review_page_and_a_document_download_are_recorded_once_per_request()
    {
        var (owner, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var file = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "用地预审申请表.pdf", PortalFixtures.Pdf())));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));
        var caseId = await app.Database.ScalarAsync<Guid>($"SELECT case_id FROM drafts WHERE id = '{draft}'");
        var clerk = await app.SignedInAs("zezhou.clerk");
        var taskId = (await cases.WaitForTaskAsync(clerk, caseId, "Acceptance")).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/attachments/{file.Id}")).StatusCode);
        Assert.Empty(await ReadsOfAsync(caseId));

        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/tasks/{taskId}/review")).StatusCode);
        // The page reads the task's review and the case itself: one entry.
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/inbox/tasks/{taskId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/attachments/{file.Id}")).StatusCode);

        var clerkId = await IdOfAsync(clerk);
        Assert.Equal(
            [new Read(clerkId, "review", "127.0.0.1"), new Read(clerkId, "review", "127.0.0.1"), new Read(clerkId, "attachment", "127.0.0.1")],
            await ReadsOfAsync(caseId));
    }

    [Fact]
    public async Task A_case_out_of_reach_is_not_found_and_nothing_is_recorded()
    {
        var (caseId, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"));

        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAs("yangqu.land")).GetAsync($"/api/cases/{caseId}")).StatusCode);

        Assert.Empty(await ReadsOfAsync(caseId));
    }
}
