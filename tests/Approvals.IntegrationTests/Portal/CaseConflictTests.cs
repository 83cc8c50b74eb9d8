using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Cases.GetBoundaryConflicts;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.SaveDraftProject;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// Two projects claiming the same land (选址冲突): flagged at the pre-check, at submission and on the review page, with
/// the overlap; the other case named only to those who may see it.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CaseConflictTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>
    /// A spot of its own for each test, in the strip where the boxes of 泽州县 (140525) and 阳城县 (140522) overlap
    /// (112.40–112.70°E), so one piece of land may be filed in either county; other tests' cases lie elsewhere.
    /// </summary>
    private static (double West, double South) FreeSpot() => (112.42 + Random.Shared.NextDouble() * 0.25, 35.22 + Random.Shared.NextDouble() * 0.45);

    /// <summary>A lon/lat rectangle of <paramref name="east"/> × <paramref name="north"/> metres, <paramref name="offsetEast"/> metres east of the spot.</summary>
    private static JsonObject At((double West, double South) spot, double offsetEast, double east, double north)
    {
        var dLon = offsetEast / (111_320.0 * Math.Cos(spot.South * Math.PI / 180));
        return CaseDriver.Rectangle(spot.West + dLon, spot.South, east, north);
    }

    private static List<JsonElement> Conflicts(JsonElement c) => c.GetProperty("conflicts").EnumerateArray().ToList();

    [Fact]
    public async Task A_case_over_land_an_open_case_claims_shows_the_overlap_and_a_neighbour_that_only_touches_shows_none()
    {
        var spot = FreeSpot();
        var (first, _) = await PortalFixtures.NewApplicantAsync(app);
        var (second, _) = await PortalFixtures.NewApplicantAsync(app);
        var (claimed, claimedNumber) = await cases.SubmitAsync(first, boundary: At(spot, 0, 200, 200));
        // Half of the first case's land (100 m × 200 m), and a neighbour sharing the first case's east edge exactly.
        var (overlapping, _) = await cases.SubmitAsync(second, boundary: At(spot, 100, 200, 200));
        var (neighbour, _) = await cases.SubmitAsync(second, boundary: At(spot, 400, 100, 200));

        var seenByApplicant = Assert.Single(Conflicts(await cases.CaseAsync(second, overlapping)));
        Assert.Equal(JsonValueKind.Null, seenByApplicant.GetProperty("caseNumber").ValueKind);
        Assert.Equal(JsonValueKind.Null, seenByApplicant.GetProperty("projectName").ValueKind);
        Assert.Equal(JsonValueKind.Null, seenByApplicant.GetProperty("caseId").ValueKind);
        Assert.Equal("open", seenByApplicant.GetProperty("status").GetString());
        Assert.InRange(seenByApplicant.GetProperty("overlapM2").GetDouble(), 19_800, 20_200);
        Assert.Contains("已提出的申请", seenByApplicant.GetProperty("description").GetString());
        Assert.DoesNotContain(claimedNumber, seenByApplicant.GetRawText());

        var staff = await app.SignedInAs("zezhou.land");
        var seenByStaff = Assert.Single(Conflicts(await cases.CaseAsync(staff, overlapping)));
        Assert.Equal(claimedNumber, seenByStaff.GetProperty("caseNumber").GetString());
        Assert.Equal(claimed, seenByStaff.GetProperty("caseId").GetGuid());
        Assert.Equal("AwaitingAcceptance", seenByStaff.GetProperty("caseStatus").GetString());
        Assert.False(string.IsNullOrEmpty(seenByStaff.GetProperty("projectName").GetString()));

        // The claim is mutual: the first case now conflicts with the second. The neighbour touches the second case's
        // east edge too (100 + 200 + 100 = 400 m) and overlaps nothing.
        Assert.Single(Conflicts(await cases.CaseAsync(staff, claimed)));
        Assert.Empty(Conflicts(await cases.CaseAsync(staff, neighbour)));

        // Recorded with the case at submission, naming no other case (the applicant reads the timeline too).
        var timeline = (await cases.CaseAsync(second, overlapping)).GetProperty("timeline").EnumerateArray().ToList();
        var warning = Assert.Single(timeline, e => e.GetProperty("kind").GetString() == "boundary-conflicts");
        Assert.Contains("重叠", warning.GetProperty("summary").GetString());
        Assert.DoesNotContain(claimedNumber, warning.GetRawText());
        Assert.DoesNotContain((await cases.CaseAsync(second, neighbour)).GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "boundary-conflicts");
    }

    [Fact]
    public async Task Staff_of_another_county_learn_only_that_a_case_of_another_county_claims_the_land_and_the_city_sees_which()
    {
        var spot = FreeSpot();
        var (first, _) = await PortalFixtures.NewApplicantAsync(app);
        var (second, _) = await PortalFixtures.NewApplicantAsync(app);
        var (inYangcheng, yangchengNumber) = await cases.SubmitAsync(first, county: "140522", boundary: At(spot, 0, 150, 150));
        var (inZezhou, zezhouNumber) = await cases.SubmitAsync(second, county: "140525", boundary: At(spot, 50, 150, 150));

        var zezhou = Assert.Single(Conflicts(await cases.CaseAsync(await app.SignedInAs("zezhou.land"), inZezhou)));
        Assert.Equal(JsonValueKind.Null, zezhou.GetProperty("caseNumber").ValueKind);
        Assert.Equal(JsonValueKind.Null, zezhou.GetProperty("caseStatus").ValueKind);
        Assert.Contains("其他县", zezhou.GetProperty("description").GetString());
        Assert.DoesNotContain(yangchengNumber, zezhou.GetRawText());
        Assert.InRange(zezhou.GetProperty("overlapM2").GetDouble(), 14_700, 15_300);

        var yangcheng = Assert.Single(Conflicts(await cases.CaseAsync(await app.SignedInAs("yangcheng.land"), inYangcheng)));
        Assert.Equal(JsonValueKind.Null, yangcheng.GetProperty("caseNumber").ValueKind);

        // 晋城市 covers both counties.
        var city = Assert.Single(Conflicts(await cases.CaseAsync(await app.SignedInAs("jincheng.land"), inZezhou)));
        Assert.Equal(yangchengNumber, city.GetProperty("caseNumber").GetString());
        Assert.Equal(zezhouNumber, Assert.Single(Conflicts(await cases.CaseAsync(await app.SignedInAs("jincheng.land"), inYangcheng))).GetProperty("caseNumber").GetString());
    }

    [Fact]
    public async Task Withdrawn_refused_not_accepted_and_long_ago_approved_cases_claim_no_land_but_a_recent_approval_does()
    {
        var (applicant, _) = await PortalFixtures.NewApplicantAsync(app);
        var staff = await app.SignedInAs("zezhou.land");
        async Task<List<JsonElement>> ConflictsOverAsync(string status, string closedAgo)
        {
            var spot = FreeSpot();
            var (earlier, _) = await cases.SubmitAsync(applicant, boundary: At(spot, 0, 100, 100));
            await app.Database.ExecuteAsync($"UPDATE cases SET status = '{status}', closed_at = now() - interval '{closedAgo}' WHERE id = '{earlier}'");
            var (later, _) = await cases.SubmitAsync(applicant, boundary: At(spot, 50, 100, 100));
            return Conflicts(await cases.CaseAsync(staff, later));
        }

        // Withdrawn through the API, as an applicant does it.
        var spot = FreeSpot();
        var (withdrawn, _) = await cases.SubmitAsync(applicant, boundary: At(spot, 0, 100, 100));
        (await applicant.PostAsJsonAsync($"/api/cases/{withdrawn}/withdraw", new { reason = "项目取消" })).EnsureSuccessStatusCode();
        var (after, _) = await cases.SubmitAsync(applicant, boundary: At(spot, 50, 100, 100));
        Assert.Empty(Conflicts(await cases.CaseAsync(staff, after)));

        Assert.Empty(await ConflictsOverAsync("Refused", "1 day"));
        Assert.Empty(await ConflictsOverAsync("NotAccepted", "1 day"));
        Assert.Empty(await ConflictsOverAsync("Approved", "4 years"));
        var recent = Assert.Single(await ConflictsOverAsync("Approved", "2 years"));
        Assert.Equal("approved", recent.GetProperty("status").GetString());
        Assert.Equal("Approved", recent.GetProperty("caseStatus").GetString());
    }

    [Fact]
    public async Task The_pre_check_warns_the_applicant_without_naming_the_other_case_and_a_submitted_draft_does_not_conflict_with_itself()
    {
        var spot = FreeSpot();
        var (first, _) = await PortalFixtures.NewApplicantAsync(app);
        var (_, claimedNumber) = await cases.SubmitAsync(first, boundary: At(spot, 0, 200, 200));

        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftProjectCommand(draft, "140525", "泽州县物流园项目", null,
            "晋城示范物流有限公司", "仓储", JurisdictionLevel.County, null, false)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, null)])));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft,
            JsonSerializer.SerializeToUtf8Bytes(At(spot, 150, 200, 200)), "红线.geojson", null)));
        var check = (await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)))).SpatialCheckId!.Value;

        var conflict = Assert.Single(await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetBoundaryConflictsQuery(check))));
        Assert.Null(conflict.CaseNumber);
        Assert.InRange(conflict.OverlapM2, 9_800, 10_200);
        var page = await client.GetStringAsync($"/portal/drafts/{draft}/boundary");
        Assert.Contains("id=\"boundary-conflicts\"", page);
        Assert.Contains("已提出的申请", page);
        Assert.DoesNotContain(claimedNumber, page);

        // Submitted, the draft's pre-check belongs to its case, which is not a claim against itself.
        await PortalFixtures.AttachCommonDocumentsAsync(app, applicant, draft);
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new Approvals.Application.Drafts.SubmitDraft.SubmitDraftCommand(draft)));
        Assert.Single(await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetBoundaryConflictsQuery(check))));
    }

    [Fact]
    public async Task Submitting_over_land_another_application_claims_answers_with_the_overlap_and_the_submitted_page_shows_it_naming_no_other_applicant()
    {
        var spot = FreeSpot();
        var (first, _) = await PortalFixtures.NewApplicantAsync(app);
        var (_, claimedNumber) = await cases.SubmitAsync(first, boundary: At(spot, 0, 200, 200));
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftProjectCommand(draft, "140525", "泽州县冷链仓储项目", null,
            "晋城示范冷链有限公司", "仓储", JurisdictionLevel.County, null, false)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, null)])));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft,
            JsonSerializer.SerializeToUtf8Bytes(At(spot, 150, 200, 200)), "红线.geojson", null)));
        await PortalFixtures.AttachCommonDocumentsAsync(app, applicant, draft);

        var response = await client.PostAsync($"/api/drafts/{draft}/submit", null);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var conflict = Assert.Single(Conflicts(answer));
        Assert.Equal("open", conflict.GetProperty("status").GetString());
        Assert.InRange(conflict.GetProperty("overlapM2").GetDouble(), 9_800, 10_200);
        Assert.Contains("该用地与一项已提出的申请重叠", conflict.GetProperty("description").GetString());
        // Only that the land is claimed and how much: not the other case, its project or its applicant.
        Assert.Equal(JsonValueKind.Null, conflict.GetProperty("caseId").ValueKind);
        Assert.Equal(JsonValueKind.Null, conflict.GetProperty("caseNumber").ValueKind);
        Assert.Equal(JsonValueKind.Null, conflict.GetProperty("projectName").ValueKind);
        foreach (var secret in new[] { claimedNumber, "晋城至阳城公路改建工程", "晋城示范能源有限公司" })
            Assert.DoesNotContain(secret, answer.GetRawText());
        // Submitting again (a double click) answers with the same case and the same warning.
        var again = await (await client.PostAsync($"/api/drafts/{draft}/submit", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(answer.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.InRange(Assert.Single(Conflicts(again)).GetProperty("overlapM2").GetDouble(), 9_800, 10_200);

        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/drafts/{draft}/submitted"));
        Assert.Contains("id=\"boundary-conflicts\"", page);
        Assert.Contains("该用地与一项已提出的申请重叠", page);
        foreach (var secret in new[] { claimedNumber, "晋城至阳城公路改建工程", "晋城示范能源有限公司" })
            Assert.DoesNotContain(secret, page);

        // A direct submission through the API answers the same way; the applicant's own application is theirs to see by number.
        var direct = await cases.SubmitForAnswerAsync(client, boundary: At(spot, 100, 100, 100));
        var seen = Conflicts(direct);
        Assert.Equal(2, seen.Count);
        Assert.Contains(seen, c => c.GetProperty("caseNumber").GetString() == answer.GetProperty("number").GetString());
        Assert.Contains(seen, c => c.GetProperty("caseNumber").ValueKind == JsonValueKind.Null && c.GetProperty("status").GetString() == "open");
        Assert.DoesNotContain(claimedNumber, direct.GetRawText());
        // A neighbour far off claims nothing: the answer says so with an empty list.
        Assert.Empty(Conflicts(await cases.SubmitForAnswerAsync(client, boundary: At(spot, 1000, 100, 100))));
    }

    [Fact]
    public async Task The_review_page_names_the_other_case_with_a_link_for_staff_who_may_see_it()
    {
        var spot = FreeSpot();
        var (first, _) = await PortalFixtures.NewApplicantAsync(app);
        var (second, _) = await PortalFixtures.NewApplicantAsync(app);
        var (claimed, claimedNumber) = await cases.SubmitAsync(first, boundary: At(spot, 0, 200, 200));
        var (overlapping, _) = await cases.SubmitAsync(second, boundary: At(spot, 100, 200, 200));

        var clerk = await app.SignedInAs("zezhou.clerk");
        var task = await cases.WaitForTaskAsync(clerk, overlapping);
        var page = await clerk.GetStringAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}");
        Assert.Contains("id=\"boundary-conflicts\"", page);
        Assert.Contains($"<a href=\"/cases/{claimed}\">{claimedNumber}</a>", page);
    }
}
