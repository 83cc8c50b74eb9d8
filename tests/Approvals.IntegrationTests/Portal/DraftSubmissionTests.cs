using System.Net;
using System.Text.Json;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Cases;
using Approvals.Application.Drafts.DiscardDraft;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.ListMyApplications;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.SaveDraftProject;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Spatial;
using FluentValidation;

namespace Approvals.IntegrationTests.Portal;

/// <summary>Drafts saved step by step, their pre-check, and a submission that never makes two cases.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DraftSubmissionTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A draft with project, land use, the two-parcel boundary and the documents every application needs, ready to submit.</summary>
    internal static async Task<(Guid Draft, Guid Check)> CompleteDraftAsync(ApprovalsApp app, Actor applicant, bool withDocuments = true)
    {
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftProjectCommand(draft, "140525", "泽州县光伏发电项目", "2026-140525-44-02-000123",
            "晋城示范能源有限公司", "能源", JurisdictionLevel.County, null, true)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, 36m)])));
        var check = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, SpatialFixtures.TwoParcelTxtInZone37(), "红线.txt", null)));
        if (withDocuments) await PortalFixtures.AttachCommonDocumentsAsync(app, applicant, draft);
        return (draft, check);
    }

    [Fact]
    public async Task A_draft_is_saved_at_every_step_and_its_boundary_is_pre_checked_at_once()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftProjectCommand(draft, "140525", "泽州县光伏发电项目", null, "某能源公司", "能源", JurisdictionLevel.City, null, false)));

        var saved = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.True(saved.ProjectComplete);
        Assert.False(saved.UsesComplete);
        Assert.Null(saved.Report);

        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, null), new CaseUse(UseType.Forest, 2m, ForestKind.Other)])));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, SpatialFixtures.TwoParcelTxtInZone37(), "红线.txt", null)));

        var checkedDraft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.NotNull(checkedDraft.Report);
        Assert.Equal(15, checkedDraft.Report!.Categories.Count);
        Assert.Equal("intersects", checkedDraft.Report.Categories.Single(c => c.Code == "PBF").Status);
        // Permanent basic farmland raises the land review to the province.
        Assert.Equal("province", checkedDraft.Report.DecidingLevel);
        Assert.Contains("forest", checkedDraft.Report.RequiredDepartments);
        Assert.Equal(2, checkedDraft.Report.Boundary.Parcels.Count);
        Assert.Equal(12m, checkedDraft.Report.Boundary.Parcels[0].DeclaredAreaHa);

        // The map of the pre-check, in lon/lat for Leaflet, for the organisation that owns the draft.
        var map = JsonDocument.Parse(await client.GetStringAsync($"/api/boundary-maps/checks/{checkedDraft.SpatialCheckId}")).RootElement;
        var features = map.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal("boundary", features[0].GetProperty("properties").GetProperty("kind").GetString());
        var hit = features.First(f => f.GetProperty("properties").GetProperty("kind").GetString() == "hit");
        Assert.Equal("PBF", hit.GetProperty("properties").GetProperty("category").GetString());
        var position = features[0].GetProperty("geometry").GetProperty("coordinates");
        while (position[0].ValueKind == JsonValueKind.Array) position = position[0];
        Assert.InRange(position[0].GetDouble(), 110.2, 114.6);
        Assert.InRange(position[1].GetDouble(), 34.5, 40.8);
    }

    [Fact]
    public async Task A_boundary_the_readers_refuse_leaves_the_draft_as_it_was()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, check) = await CompleteDraftAsync(app, applicant);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => PortalFixtures.SendAsync(app, applicant,
            m => m.Send(new SaveDraftBoundaryCommand(draft, "[地块坐标]\n3,1.0,1,地块1,面,,,,@\nJ1,1,3930000.00,38396000.00\nJ2,1,3930000.00,38396100.00\nJ1,1,3930000.00,38396000.00\n"u8.ToArray(), "bad.txt", null))));

        Assert.All(refused.Errors, e => Assert.Equal("boundary", e.PropertyName));
        var after = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.Equal(check, after.SpatialCheckId);
        Assert.Equal("红线.txt", after.BoundaryFileName);
    }

    [Fact]
    public async Task Submitting_a_draft_twice_at_once_and_again_later_makes_one_case()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await CompleteDraftAsync(app, applicant);
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "批复.pdf", PortalFixtures.Pdf())));

        var both = await Task.WhenAll(
            PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft))),
            PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft))));
        var retry = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));

        Assert.Equal(both[0].Id, both[1].Id);
        Assert.Equal(both[0].Id, retry.Id);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'"));
        Assert.Equal(both[0].Id, await app.Database.ScalarAsync<Guid>($"SELECT case_id FROM drafts WHERE id = '{draft}'"));
        // The documents went with the application (the three required ones and the extra one).
        Assert.Equal(4L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachments WHERE case_id = '{both[0].Id}' AND draft_id IS NULL"));
        // The case took the 界址点 text as given, with its declared areas.
        Assert.Equal("boundary.txt", await app.Database.ScalarAsync<string>($"SELECT boundary_file_name FROM cases WHERE id = '{both[0].Id}'"));
    }

    [Fact]
    public async Task A_GeoJSON_boundary_saved_with_a_byte_order_mark_as_Windows_editors_do_is_pre_checked_and_submitted_as_a_case()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await CompleteDraftAsync(app, applicant);
        var geoJson = "\uFEFF" + $$"""
            { "type": "Feature", "properties": {},
              "geometry": {{SpatialFixtures.Polygon(SpatialFixtures.Ring(0, 0, 400, 300))}} }
            """;
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, System.Text.Encoding.UTF8.GetBytes(geoJson), "红线.geojson", 4526)));

        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));

        Assert.Equal(120_000d, await app.Database.ScalarAsync<double>($"SELECT round(boundary_area_m2)::float8 FROM cases WHERE id = '{submitted.Id}'"));
    }

    [Fact]
    public async Task The_database_refuses_a_second_draft_for_the_same_case()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await CompleteDraftAsync(app, applicant);
        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));
        var other = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.Database.ExecuteAsync($"UPDATE drafts SET case_id = '{submitted.Id}' WHERE id = '{other}'"));
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task An_incomplete_draft_cannot_be_submitted()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        var e = await Assert.ThrowsAsync<ValidationException>(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft))));

        Assert.Equal(["project", "uses", "boundary", "documents", "documents", "documents"], e.Errors.Select(x => x.PropertyName).ToArray());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'"));
    }

    [Fact]
    public async Task Staff_cannot_open_drafts_at_all()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        var clerk = await app.SignedInAs("zezhou.clerk");

        var page = await clerk.GetAsync($"/portal/drafts/{draft}/project");

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_drafts_pre_check_stays_the_applicants_own_until_the_draft_is_submitted()
    {
        var (applicantClient, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, check) = await CompleteDraftAsync(app, applicant);
        var clerk = await app.SignedInAs("zezhou.clerk");

        Assert.Equal(HttpStatusCode.OK, (await applicantClient.GetAsync($"/api/boundary-maps/checks/{check}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/api/boundary-maps/checks/{check}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/api/spatial-checks/{check}")).StatusCode);

        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));

        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/boundary-maps/checks/{check}")).StatusCode);
    }
    [Fact]
    public async Task A_new_pre_check_replaces_the_old_one_which_is_not_kept()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, first) = await CompleteDraftAsync(app, applicant);

        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, 30m)])));

        var current = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.NotNull(current.SpatialCheckId);
        Assert.NotEqual(first, current.SpatialCheckId);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM spatial_checks WHERE id = '{first}'"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM spatial_checks WHERE id = '{current.SpatialCheckId}'"));
    }

    [Fact]
    public async Task A_draft_no_longer_needed_is_discarded_with_its_documents_and_pre_check()
    {
        var (applicantClient, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, check) = await CompleteDraftAsync(app, applicant);
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "可研报告.pdf", PortalFixtures.Pdf())));

        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new DiscardDraftCommand(draft)));

        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE id = '{draft}'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM attachments WHERE draft_id = '{draft}' OR organisation_id = '{applicant.OrganisationId}'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM spatial_checks WHERE id = '{check}'"));
        Assert.Equal(HttpStatusCode.NotFound, (await applicantClient.GetAsync($"/portal/drafts/{draft}/project")).StatusCode);
        var mine = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new ListMyApplicationsQuery()));
        Assert.DoesNotContain(mine.Drafts, d => d.Id == draft);
    }

    [Fact]
    public async Task A_submitted_draft_cannot_be_discarded_and_another_organisations_draft_is_not_found()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (submittedDraft, _) = await CompleteDraftAsync(app, applicant);
        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(submittedDraft)));
        var (_, other) = await PortalFixtures.NewApplicantAsync(app);
        var othersDraft = await PortalFixtures.SendAsync(app, other, m => m.Send(new StartDraftCommand()));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new DiscardDraftCommand(submittedDraft))));
        Assert.Contains("已提交", conflict.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new DiscardDraftCommand(othersDraft))));

        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE id = '{submittedDraft}' AND case_id = '{submitted.Id}'"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE id = '{othersDraft}'"));
    }

    [Fact]
    public async Task Discarding_and_submitting_one_draft_at_once_either_makes_the_case_or_discards_it_never_both()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await CompleteDraftAsync(app, applicant);

        var submit = Attempt(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft))));
        var discard = Attempt(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new DiscardDraftCommand(draft))));
        var outcomes = await Task.WhenAll(submit, discard);

        var drafts = await app.Database.ScalarAsync<long>($"SELECT count(*) FROM drafts WHERE id = '{draft}'");
        var cases = await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'");
        Assert.Single(outcomes, o => o is null);
        if (drafts == 0) Assert.Equal(0L, cases);
        else Assert.Equal(1L, cases);
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception e) when (e is ConflictException or NotFoundException) { return e; }
    }
}

