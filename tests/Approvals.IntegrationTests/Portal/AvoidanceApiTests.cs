using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.Application.Cases;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Spatial;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// Avoidance suggestions of a draft's pre-check over HTTP: only the draft's organisation sees them, and adopting a
/// suggested site changes the draft's boundary and its pre-check like any new boundary.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class AvoidanceApiTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A draft whose boundary (50..250)² lies on the fixtures' permanent basic farmland.</summary>
    private async Task<(HttpClient Client, Guid Draft)> DraftOnFarmlandAsync()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftUsesCommand(draft, [new CaseUse(UseType.Land, null)])));
        var boundary = Encoding.UTF8.GetBytes(SpatialFixtures.Polygon(SpatialFixtures.Ring(50, 50, 250, 250)));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, boundary, "红线.geojson", SpatialFixtures.StorageSrid)));
        return (client, draft);
    }

    [Fact]
    public async Task A_stranger_gets_not_found_for_the_avoidance_of_another_organisation_s_draft_and_its_pre_check()
    {
        var (owner, draft) = await DraftOnFarmlandAsync();
        var (stranger, _) = await PortalFixtures.NewApplicantAsync(app);

        var own = await owner.GetFromJsonAsync<JsonElement>($"/api/drafts/{draft}/avoidance");
        Assert.Equal("PBF", own.GetProperty("avoidance").GetProperty("avoided")[0].GetString());
        var checkId = own.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/drafts/{draft}/avoidance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/spatial-checks/{checkId}/avoidance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/drafts/{draft}/avoidance/adopt", new { choice = "site", site = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/drafts/{draft}/avoidance")).StatusCode);
        // The owner reads it by the check's id too (the spatial-check access rule: a draft's pre-check is its organisation's).
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/spatial-checks/{checkId}/avoidance")).StatusCode);
    }

    [Fact]
    public async Task Adopting_a_suggested_site_makes_it_the_draft_s_boundary_and_its_pre_check_finds_nothing_prohibited()
    {
        var (client, draft) = await DraftOnFarmlandAsync();
        var applicant = await PortalFixtures.ActorOfAsync(client);
        var before = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.True(before.Report!.Prohibited);
        var suggested = await client.GetFromJsonAsync<JsonElement>($"/api/drafts/{draft}/avoidance");
        var site = suggested.GetProperty("avoidance").GetProperty("sites")[0];

        var adopted = await client.PostAsJsonAsync($"/api/drafts/{draft}/avoidance/adopt", new { choice = "site", site = 0 });
        Assert.Equal(HttpStatusCode.OK, adopted.StatusCode);

        var after = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.NotEqual(before.SpatialCheckId, after.SpatialCheckId);
        Assert.Equal((await adopted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("spatialCheckId").GetGuid(), after.SpatialCheckId);
        Assert.Equal("avoidance-site-1.geojson", after.BoundaryFileName);
        Assert.False(after.Report!.Prohibited, string.Join("; ", after.Report.Findings));
        Assert.InRange((double)after.Report.Boundary.AreaM2, 39_990, 40_010); // the same 4 ha shape, moved
        Assert.Equal(site.GetProperty("restrictedM2").GetDecimal() > 0, after.Report.Categories.Any(c => c.Status == "intersects"));

        // Nothing prohibited is hit any more: no avoidance section, and nothing to adopt.
        var again = await client.GetFromJsonAsync<JsonElement>($"/api/drafts/{draft}/avoidance");
        Assert.False(again.TryGetProperty("avoidance", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/drafts/{draft}/avoidance/adopt", new { choice = "clear-part" })).StatusCode);
    }

    [Fact]
    public async Task Adopting_the_clear_part_keeps_only_what_lies_off_the_farmland()
    {
        var (client, draft) = await DraftOnFarmlandAsync();
        var applicant = await PortalFixtures.ActorOfAsync(client);
        var suggested = await client.GetFromJsonAsync<JsonElement>($"/api/drafts/{draft}/avoidance");
        var clearM2 = suggested.GetProperty("avoidance").GetProperty("clearPart").GetProperty("areaM2").GetDecimal();

        (await client.PostAsJsonAsync($"/api/drafts/{draft}/avoidance/adopt", new { choice = "clear-part" })).EnsureSuccessStatusCode();

        var after = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.False(after.Report!.Prohibited, string.Join("; ", after.Report.Findings));
        Assert.InRange(after.Report.Boundary.AreaM2, clearM2 - 1, clearM2 + 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/drafts/{draft}/avoidance/adopt", new { choice = "elsewhere" })).StatusCode);
    }
}
