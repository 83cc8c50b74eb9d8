using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// A spatial check is read as what it belongs to: a case's by whoever may see the case, an ad-hoc one by
/// its creator and administrators. To everybody else it does not exist, on every route that shows it.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SpatialCheckAccessTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>Every way of reading a stored check: the report, its two map layers, the report page, the web map's layer and the exports.</summary>
    private static string[] Routes(Guid check) =>
    [
        $"/api/spatial-checks/{check}", $"/api/spatial-checks/{check}/boundary", $"/api/spatial-checks/{check}/hits",
        $"/spatial-checks/{check}", $"/api/boundary-maps/checks/{check}",
        $"/api/spatial-checks/{check}/exports/report.xlsx", $"/api/spatial-checks/{check}/exports/boundary-hits.geojson",
        $"/api/spatial-checks/{check}/exports/shapefile.zip", $"/api/spatial-checks/{check}/exports/boundary.txt",
    ];

    private static async Task<Dictionary<string, HttpStatusCode>> StatusesAsync(HttpClient client, Guid check)
    {
        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var route in Routes(check)) statuses[route] = (await client.GetAsync(route)).StatusCode;
        return statuses;
    }

    private static void AllAre(HttpStatusCode expected, Dictionary<string, HttpStatusCode> statuses, string who) =>
        Assert.True(statuses.Values.All(s => s == expected), $"{who}: {string.Join(", ", statuses.Select(s => $"{s.Key} {(int)s.Value}"))}");

    /// <summary>Submits a case in Yangqu (阳曲县, Taiyuan), has it accepted and waits for the workflow's spatial check of it.</summary>
    private async Task<(Guid Case, Guid Check)> YangquCaseWithItsCheckAsync()
    {
        var applicant = await app.SignedInAs("applicant");
        var (caseId, _) = await cases.SubmitAsync(applicant, county: "140122", boundary: CaseDriver.Square(west: 112.67, south: 38.06));
        await cases.CompleteOkAsync(await app.SignedInAs("yangqu.clerk"), caseId, "Accept", "Acceptance");
        return (caseId, await cases.WaitForSpatialCheckAsync(caseId));
    }

    [Fact]
    public async Task A_cases_check_is_read_by_those_who_may_see_the_case_and_by_nobody_else()
    {
        var (_, check) = await YangquCaseWithItsCheckAsync();

        AllAre(HttpStatusCode.NotFound, await StatusesAsync(await app.SignedInAs("zezhou.land"), check), "a Zezhou reviewer");
        AllAre(HttpStatusCode.NotFound, await StatusesAsync(await app.SignedInAs("jincheng.supervisor"), check), "another city");
        AllAre(HttpStatusCode.OK, await StatusesAsync(await app.SignedInAs("yangqu.land"), check), "a Yangqu reviewer");
        AllAre(HttpStatusCode.OK, await StatusesAsync(await app.SignedInAs("taiyuan.forest"), check), "the city over Yangqu");
        AllAre(HttpStatusCode.OK, await StatusesAsync(await app.SignedInAs("shanxi.supervisor"), check), "the province");
        AllAre(HttpStatusCode.OK, await StatusesAsync(await app.SignedInAs("applicant"), check), "the case's applicant");
    }

    [Fact]
    public async Task An_ad_hoc_check_is_read_by_its_creator_and_administrators_only()
    {
        var creator = await app.SignedInAs("zezhou.land");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(SpatialFixtures.BoundaryInLonLat());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(file, "file", "红线.geojson");
        var created = await creator.PostAsync("/api/spatial-checks", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var check = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        AllAre(HttpStatusCode.OK, await StatusesAsync(creator, check), "its creator");
        AllAre(HttpStatusCode.OK, await StatusesAsync(await app.SignedInAs("admin"), check), "an administrator");
        AllAre(HttpStatusCode.NotFound, await StatusesAsync(await app.SignedInAs("zezhou.clerk"), check), "a colleague of the same county");
        AllAre(HttpStatusCode.NotFound, await StatusesAsync(await app.SignedInAs("shanxi.supervisor"), check), "the province");
        AllAre(HttpStatusCode.NotFound, await StatusesAsync(await app.SignedInAs("applicant"), check), "an applicant");
    }

    [Fact]
    public async Task A_check_that_does_not_exist_is_a_404_like_one_out_of_reach()
    {
        AllAre(HttpStatusCode.NotFound, await StatusesAsync(await app.SignedInAs("admin"), Guid.NewGuid()), "an administrator");
    }
}
