using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Attachments.GetDocumentChecklist;
using Approvals.Application.Attachments.ListAttachments;
using Approvals.Application.Cases;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using FluentValidation;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// The materials an application must carry (workflows/required-documents.json): each upload is given its type, a
/// draft is submitted only when every required item is attached, and the window clerk sees the checklist ticked.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RequiredDocumentsTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_draft_without_its_required_documents_is_refused_naming_each_missing_one_and_is_submitted_once_they_are_attached()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant, withDocuments: false);
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "申请表.pdf", PortalFixtures.Pdf(), "application-form")));

        var refused = await client.PostAsync($"/api/drafts/{draft}/submit", null);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var missing = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("documents")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["缺少申请材料：项目批准、核准或备案文件", "缺少申请材料：勘测定界图"], missing);
        var english = await (await client.PostAsync($"/api/drafts/{draft}/submit?culture=en", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Missing document: Project approval, authorisation or filing document", "Missing document: Survey and demarcation map"],
            english.GetProperty("errors").GetProperty("documents").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'"));

        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "核准文件.pdf", PortalFixtures.Pdf(), "project-approval")));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "勘测定界图.pdf", PortalFixtures.Pdf(), "survey-map")));
        var submitted = await client.PostAsync($"/api/drafts/{draft}/submit", null);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var caseId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("application-form,project-approval,survey-map",
            await app.Database.ScalarAsync<string>($"SELECT string_agg(document_type, ',' ORDER BY document_type) FROM attachments WHERE case_id = '{caseId}'"));
    }

    [Fact]
    public async Task A_direct_API_submission_without_its_documents_is_refused_naming_each_missing_one_and_files_nothing()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var uses = new System.Text.Json.Nodes.JsonArray(CaseDriver.LandUse(), CaseDriver.ForestUse(0.5m));
        System.Text.Json.Nodes.JsonObject Body(System.Text.Json.Nodes.JsonArray documents) => new()
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString(), ["countyCode"] = "140525", ["declaredApprovalLevel"] = "County",
            ["project"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "直接提交材料测试", ["owner"] = "测试单位", ["type"] = "交通" },
            ["uses"] = uses.DeepClone(), ["boundary"] = CaseDriver.SquareIn("140525"), ["documents"] = documents.DeepClone(),
        };
        var onlyTheForm = new System.Text.Json.Nodes.JsonArray(CaseDriver.DocumentsFor(uses).Where(d => (string)d!["documentType"]! == "application-form").Select(d => d!.DeepClone()).ToArray());

        var refused = await client.PostAsJsonAsync("/api/cases", Body(onlyTheForm));
        var noDocumentsField = Body(onlyTheForm);
        noDocumentsField.Remove("documents");
        var withoutField = await client.PostAsJsonAsync("/api/cases", noDocumentsField);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var missing = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("documents")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(3, missing.Length);
        Assert.StartsWith("缺少申请材料：项目批准、核准或备案文件", missing[0]);
        Assert.StartsWith("缺少申请材料：勘测定界图", missing[1]);
        Assert.StartsWith("缺少申请材料：使用林地可行性报告或使用林地现状调查表", missing[2]);
        Assert.Equal(HttpStatusCode.BadRequest, withoutField.StatusCode);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachments WHERE organisation_id = '{applicant.OrganisationId}'"));

        var submitted = await client.PostAsJsonAsync("/api/cases", Body(CaseDriver.DocumentsFor(uses)));

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var caseId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("application-form,forest-feasibility-report,project-approval,survey-map",
            await app.Database.ScalarAsync<string>($"SELECT string_agg(document_type, ',' ORDER BY document_type) FROM attachments WHERE case_id = '{caseId}'"));
        Assert.Equal(4L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachment_contents c JOIN attachments a ON a.id = c.attachment_id WHERE a.case_id = '{caseId}' AND c.content <> ''::bytea"));
    }

    [Fact]
    public async Task A_direct_submission_whose_document_is_not_a_PDF_or_an_image_is_refused_with_its_name()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var uses = new System.Text.Json.Nodes.JsonArray(CaseDriver.LandUse());
        var documents = CaseDriver.DocumentsFor(uses);
        documents[0]!["fileName"] = "申请表.exe";
        documents[0]!["contentBase64"] = Convert.ToBase64String("MZ not a document"u8.ToArray());
        documents[1]!["contentBase64"] = "not base64!";

        var refused = await client.PostAsJsonAsync("/api/cases", new System.Text.Json.Nodes.JsonObject
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString(), ["countyCode"] = "140525", ["declaredApprovalLevel"] = "County",
            ["project"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "直接提交材料测试", ["owner"] = "测试单位", ["type"] = "交通" },
            ["uses"] = uses, ["boundary"] = CaseDriver.SquareIn("140525"), ["documents"] = documents,
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadAsStringAsync());
        Assert.Contains("“申请表.exe”不是 PDF 或图片", errors);
        Assert.Contains("的内容缺失或不是 Base64 编码", errors);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'"));
    }

    [Fact]
    public async Task Forest_use_asks_for_the_feasibility_report_or_the_status_survey_and_either_one_satisfies_it()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, 36m), new CaseUse(UseType.Forest, 1.5m, ForestKind.Other)])));

        var before = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDocumentChecklistQuery(draft, null)));
        var forest = Assert.Single(before.Missing);
        Assert.Equal("使用林地可行性报告或使用林地现状调查表", forest.Name.Zh);
        Assert.False((await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)))).ReadyToSubmit);

        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "现状调查表.pdf", PortalFixtures.Pdf(), "forest-status-survey")));

        var after = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDocumentChecklistQuery(draft, null)));
        Assert.True(after.Complete);
        Assert.Equal(["现状调查表.pdf"], after.Items.Single(i => i.Name.Zh == forest.Name.Zh).FileNames);
    }

    [Fact]
    public async Task An_unknown_document_type_is_refused_and_a_document_without_a_type_counts_as_other()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        var refused = await Assert.ThrowsAsync<ValidationException>(() => PortalFixtures.SendAsync(app, applicant,
            m => m.Send(new AddAttachmentCommand(draft, null, "申请表.pdf", PortalFixtures.Pdf(), "application-from"))));
        Assert.Equal("documentType", Assert.Single(refused.Errors).PropertyName);

        // As every document uploaded before types existed.
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "申请表.pdf", PortalFixtures.Pdf())));
        var listed = Assert.Single(await PortalFixtures.SendAsync(app, applicant, m => m.Send(new ListAttachmentsQuery(draft, null))));
        Assert.Null(listed.DocumentType);
        var checklist = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDocumentChecklistQuery(draft, null)));
        Assert.DoesNotContain(checklist.Items, i => i.Present);
    }

    [Fact]
    public async Task The_window_clerk_sees_the_checklist_ticked_on_the_acceptance_page_and_on_the_case_page()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new Application.Drafts.SubmitDraft.SubmitDraftCommand(draft)));
        var clerk = await app.SignedInAs("zezhou.clerk");
        var task = await new CaseDriver(app).WaitForTaskAsync(clerk, submitted.Id, "Acceptance");

        foreach (var page in new[] { await clerk.GetStringAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}"), await clerk.GetStringAsync($"/cases/{submitted.Id}") })
        {
            Assert.Contains("id=\"document-checklist\"", page);
            Assert.Equal(3, CountOf(page, "data-present=\"true\""));
            Assert.Equal(0, CountOf(page, "data-present=\"false\""));
            Assert.Contains("勘测定界图.pdf", page);
        }
    }

    [Fact]
    public async Task A_new_draft_names_the_applicants_organisation_as_the_construction_unit()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        Assert.Equal("太原测试建设有限公司", (await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)))).ProjectOwner);
        Assert.Contains("name=\"Owner\" value=\"太原测试建设有限公司\"", await client.GetStringAsync($"/portal/drafts/{draft}/project"));
    }

    [Fact]
    public async Task The_boundary_step_offers_a_sample_coordinate_file_that_the_pre_check_accepts()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        var page = await client.GetStringAsync($"/portal/drafts/{draft}/boundary");
        Assert.Contains("href=\"/samples/boundary-sample.txt\"", page);

        var sample = await client.GetAsync("/samples/boundary-sample.txt");
        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        var bytes = await sample.Content.ReadAsByteArrayAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "boundary-sample.txt");
        var checkedSample = await client.PostAsync("/api/spatial-checks", form);

        Assert.True(checkedSample.IsSuccessStatusCode, await checkedSample.Content.ReadAsStringAsync());
        var report = await checkedSample.Content.ReadFromJsonAsync<JsonElement>();
        var parcel = Assert.Single(report.GetProperty("boundary").GetProperty("parcels").EnumerateArray());
        Assert.Equal(1m, parcel.GetProperty("declaredAreaHa").GetDecimal());
        Assert.False(parcel.GetProperty("areaMismatch").GetBoolean());
        Assert.Equal(15, report.GetProperty("categories").GetArrayLength());
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
