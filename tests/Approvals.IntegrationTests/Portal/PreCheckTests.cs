using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.SaveDraftProject;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Spatial;
using Approvals.IntegrationTests.Workflow;
using FluentValidation;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// The applicant's pre-check where it matters to others: a boundary far from the county named is refused, the portal
/// page warns and explains, and the window clerk sees the pre-check until the case's own check has run.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class PreCheckTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A 1 ha square in Qingxu (Taiyuan), some 240 km north of Zezhou, as lon/lat GeoJSON.</summary>
    private static JsonObject InQingxu() => CaseDriver.Square(112.36, 37.61);

    [Fact]
    public async Task A_boundary_240_km_from_the_chosen_county_is_named_in_the_pre_check_and_the_draft_cannot_be_submitted()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftProjectCommand(draft, "140525", "泽州县光伏发电项目", null,
            "晋城示范能源有限公司", "能源", JurisdictionLevel.County, null, false)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, null)])));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, JsonSerializer.SerializeToUtf8Bytes(InQingxu()), "红线.geojson", null)));

        var report = (await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)))).Report!;
        Assert.Equal("140525", report.County!.Code);
        Assert.InRange(report.County.OutsideHa, 0.99m, 1.01m);
        Assert.Equal("140121", report.County.AppearsInCode);
        Assert.Contains(report.Warnings, w => w.Contains("位于所选的泽州县范围之外，似位于清徐县", StringComparison.Ordinal));

        // Complete in every other respect: what refuses it is where the boundary lies.
        await PortalFixtures.AttachCommonDocumentsAsync(app, applicant, draft);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft))));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("boundary", error.PropertyName);
        Assert.Contains("清徐县", error.ErrorMessage);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE organisation_id = '{applicant.OrganisationId}'"));
    }

    [Fact]
    public async Task An_application_whose_boundary_lies_in_another_county_is_refused_with_a_400_that_says_where_it_lies()
    {
        var applicant = await app.SignedInAs("applicant");
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM cases");

        var response = await applicant.PostAsJsonAsync("/api/cases", new JsonObject
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString(), ["countyCode"] = "140525", ["declaredApprovalLevel"] = "County",
            ["project"] = new JsonObject { ["name"] = "泽州县道路工程", ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
            ["uses"] = new JsonArray(CaseDriver.LandUse()), ["boundary"] = InQingxu(),
            ["documents"] = CaseDriver.DocumentsFor(new JsonArray(CaseDriver.LandUse())),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("boundary")[0].GetString();
        Assert.Contains("公顷位于所选的泽州县范围之外，似位于清徐县", message);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cases"));

        // In English for an English reader.
        var again = await applicant.PostAsJsonAsync("/api/cases?culture=en", new JsonObject
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString(), ["countyCode"] = "140525", ["declaredApprovalLevel"] = "County",
            ["project"] = new JsonObject { ["name"] = "泽州县道路工程", ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
            ["uses"] = new JsonArray(CaseDriver.LandUse()), ["boundary"] = InQingxu(),
            ["documents"] = CaseDriver.DocumentsFor(new JsonArray(CaseDriver.LandUse())),
        });
        Assert.Contains("ha of the boundary lies outside the chosen Zezhou County; it appears to lie in Qingxu County",
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("boundary")[0].GetString());
    }

    [Fact]
    public async Task The_portal_s_pre_check_warns_about_the_county_and_the_forest_use_and_explains_the_deciding_level()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        // Yangqu is a county of Taiyuan; the fixture boundary lies in Jincheng.
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftProjectCommand(draft, "140122", "阳曲县光伏发电项目", null,
            "晋城示范能源有限公司", "能源", JurisdictionLevel.County, null, false)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft,
            [new CaseUse(UseType.Land, null), new CaseUse(UseType.Forest, 2m, ForestKind.Other, ForestUseTerm.Permanent)])));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, SpatialFixtures.TwoParcelTxtInZone37(), "红线.txt", null)));

        await using var browser = await app.BrowserAs(applicant.Name);
        var page = browser.Page;
        await page.GotoAsync($"/portal/drafts/{draft}/boundary");

        var warnings = page.Locator("#pre-check-warnings");
        await Assertions.Expect(warnings).ToContainTextAsync("提交前请核对");
        await Assertions.Expect(warnings).ToContainTextAsync("位于所选的阳曲县范围之外");
        await Assertions.Expect(warnings).ToContainTextAsync("申请用林 2.00 公顷");
        // Permanent basic farmland puts the case at the province, and the page says that is why.
        await Assertions.Expect(page.Locator("#pre-check-verdict")).ToContainTextAsync("省级");
        await Assertions.Expect(page.Locator("#pre-check-level-reasons")).ToContainTextAsync("审查层级为省级，依据");
        await Assertions.Expect(page.Locator("ul.level-reasons")).ToContainTextAsync("永久基本农田");
        await browser.ScreenshotAsync("portal-pre-check-warnings");

        await page.GotoAsync($"/portal/drafts/{draft}/boundary?culture=en");
        await Assertions.Expect(page.Locator("#pre-check-warnings")).ToContainTextAsync("outside the chosen Yangqu County");
        await Assertions.Expect(page.Locator("#pre-check-warnings")).ToContainTextAsync("2.00 ha of forest-land use is declared");
        await Assertions.Expect(page.Locator("#pre-check-level-reasons")).ToContainTextAsync("Decided at Province level, because");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_window_clerk_sees_the_applicant_s_pre_check_labelled_as_such_until_the_case_s_own_check_has_run()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, applicant);
        var submitted = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SubmitDraftCommand(draft)));
        var cases = new CaseDriver(app);
        var acceptance = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.clerk"), submitted.Id, "Acceptance");

        await using var browser = await app.BrowserAs("zezhou.clerk");
        var page = browser.Page;
        await page.GotoAsync($"/inbox/tasks/{acceptance.GetProperty("id").GetGuid()}");

        await Assertions.Expect(page.Locator("#applicant-pre-check-note")).ToContainTextAsync("以下为申请人提交前的落图预检结果");
        await Assertions.Expect(page.Locator(".map-section h2")).ToContainTextAsync("申请人预检");
        await Assertions.Expect(page.Locator(".map-section .boundary-map")).ToHaveAttributeAsync("data-state", "loaded", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("table.report")).ToContainTextAsync("永久基本农田");
        await Assertions.Expect(page.GetByText("落图分析尚未完成。")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("acceptance-with-applicant-pre-check");

        // Once accepted, the case's own check replaces it and the label goes.
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), submitted.Id, "Accept", "Acceptance");
        // The first review task appears once the case's own check and routing have run.
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), submitted.Id, timeout: TimeSpan.FromSeconds(60));
        await page.GotoAsync($"/inbox/tasks/{acceptance.GetProperty("id").GetGuid()}");
        await Assertions.Expect(page.Locator("table.report")).ToContainTextAsync("永久基本农田");
        await Assertions.Expect(page.Locator("#applicant-pre-check-note")).ToHaveCountAsync(0);
        Assert.Empty(browser.Problems);
    }
}
