using System.Text;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Domain.BaseMaps;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;
using Approvals.IntegrationTests.Workflow;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

/// <summary>
/// The one map component on the review, case and portal pages: staff see the boundary over the base-map tiles, the
/// applicant sees the county outline and never asks for a base-map tile, drawing shows the area as it grows.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class MapComponentBrowserTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>A 300 m water-source area whose south-west corner is the given point.</summary>
    private async Task ImportWaterSourceAsync(double west, double south, string number)
    {
        double dLon = 300 / (111_320 * Math.Cos(south * Math.PI / 180)), dLat = 300 / 110_540.0;
        FormattableString ring = $"[[{west},{south}],[{west + dLon},{south}],[{west + dLon},{south + dLat}],[{west},{south + dLat}],[{west},{south}]]";
        var geojson = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"水源保护区 " + number
            + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + FormattableString.Invariant(ring) + "]}}]}";
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            BaseMapCodes.DrinkingWaterSource, "dws-component-test.geojson", Encoding.UTF8.GetBytes(geojson), 4490, "name", false));
    }

    private static Task WaitForMapAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync($"() => {{ const m = document.querySelector('{selector}')?.approvalsMap; return m && m.loaded() && m.areTilesLoaded() && !m.isMoving(); }}",
            options: new PageWaitForFunctionOptions { Timeout = 30_000 });

    private static Task<int> RenderedAsync(IPage page, string selector, string layer) =>
        page.EvaluateAsync<int>($"() => {{ const m = document.querySelector('{selector}').approvalsMap; return m.getLayer('{layer}') ? m.queryRenderedFeatures({{ layers: ['{layer}'] }}).length : -1; }}");

    [Fact]
    public async Task The_review_page_and_the_case_page_show_the_boundary_over_the_base_map_tiles()
    {
        // A water-source area across the boundary's north-east corner.
        await ImportWaterSourceAsync(112.8815, 35.5312, "DWS-REVIEW-1");
        var (id, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"), boundary: CaseDriver.Square(112.8800, 35.5300, 200));
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), id, "Review");

        await using var browser = await app.BrowserAs("zezhou.land");
        var page = browser.Page;
        var tiles = new List<(string Url, int Status)>();
        page.Response += (_, r) => { if (r.Url.Contains("/tiles/basemaps/", StringComparison.Ordinal)) lock (tiles) tiles.Add((r.Url, r.Status)); };

        await page.GotoAsync($"/inbox/tasks/{task.GetProperty("id").GetGuid()}");
        await Assertions.Expect(page.Locator(".boundary-map")).ToHaveAttributeAsync("data-state", "loaded", new() { Timeout = 30_000 });
        await page.EvaluateAsync("() => { document.querySelector('.boundary-map').approvalsMap.jumpTo({ zoom: 15 }); }");
        await WaitForMapAsync(page, ".boundary-map");
        Assert.True(await RenderedAsync(page, ".boundary-map", "boundary-line") > 0, "the boundary is drawn");
        Assert.True(await RenderedAsync(page, ".boundary-map", "bm-fill-DWS") > 0, "the water source beside it is drawn from the tiles");
        Assert.Contains(tiles, t => t.Status is 200 or 304);
        // The layer panel, grouped by department, toggles a category.
        await page.Locator(".boundary-map-layers .layer-toggle[data-category=DWS]").UncheckAsync();
        await WaitForMapAsync(page, ".boundary-map");
        Assert.Equal(0, await RenderedAsync(page, ".boundary-map", "bm-fill-DWS"));
        await page.Locator(".boundary-map-layers .layer-toggle[data-category=DWS]").CheckAsync();
        await WaitForMapAsync(page, ".boundary-map");
        await browser.ScreenshotAsync("review-map");

        await page.GotoAsync($"/cases/{id}");
        await Assertions.Expect(page.Locator(".boundary-map")).ToHaveAttributeAsync("data-state", "loaded", new() { Timeout = 30_000 });
        await page.EvaluateAsync("() => { document.querySelector('.boundary-map').approvalsMap.jumpTo({ zoom: 15 }); }");
        await WaitForMapAsync(page, ".boundary-map");
        Assert.True(await RenderedAsync(page, ".boundary-map", "boundary-line") > 0);
        Assert.True(await RenderedAsync(page, ".boundary-map", "bm-fill-DWS") > 0);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_applicants_pre_check_map_shows_the_county_outline_and_asks_for_no_base_map_tile()
    {
        var applicantApi = await app.SignedInAs("applicant");
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, await PortalFixtures.ActorOfAsync(applicantApi));
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        var asked = new List<string>();
        page.Request += (_, r) => { lock (asked) asked.Add(r.Url); };

        await page.GotoAsync($"/portal/drafts/{draft}/boundary");
        await Assertions.Expect(page.Locator(".boundary-map")).ToHaveAttributeAsync("data-state", "loaded", new() { Timeout = 30_000 });
        await WaitForMapAsync(page, ".boundary-map");
        Assert.True(await RenderedAsync(page, ".boundary-map", "boundary-line") > 0);
        Assert.Equal(-1, await RenderedAsync(page, ".boundary-map", "bm-fill-PBF"));
        await Assertions.Expect(page.Locator(".boundary-map-layers")).ToHaveCountAsync(0);
        // Zoomed out to the county, its outline is drawn.
        await page.EvaluateAsync("() => { document.querySelector('.boundary-map').approvalsMap.jumpTo({ zoom: 9 }); }");
        await WaitForMapAsync(page, ".boundary-map");
        Assert.True(await RenderedAsync(page, ".boundary-map", "outline-county") > 0, "the county outline is drawn");
        await Assertions.Expect(page.Locator(".map-legend")).ToContainTextAsync("县（市、区）界");
        Assert.Contains(asked, u => u.Contains("/api/jurisdictions/outlines", StringComparison.Ordinal));
        Assert.DoesNotContain(asked, u => u.Contains("/tiles/basemaps/", StringComparison.Ordinal));
        await page.EvaluateAsync("() => document.querySelector('.boundary-map').scrollIntoView()");
        await browser.ScreenshotAsync("portal-pre-check-map");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Drawing_starts_on_the_chosen_county_and_shows_the_area_while_drawing()
    {
        var applicantApi = await app.SignedInAs("applicant");
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, await PortalFixtures.ActorOfAsync(applicantApi));
        await using var browser = await app.BrowserAs("applicant");
        var page = browser.Page;
        await page.GotoAsync($"/portal/drafts/{draft}/boundary");
        var map = page.Locator(".draw-map");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-outline", "loaded", new() { Timeout = 30_000 });
        // Cleared, the map is fitted to Zezhou's outline (its demo box, 112.40–113.25°E): the county fills the view.
        await page.GetByRole(AriaRole.Button, new() { Name = "清除" }).ClickAsync();

        var box = (await map.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width * 0.40f, box.Y + box.Height * 0.40f);
        await page.Mouse.ClickAsync(box.X + box.Width * 0.60f, box.Y + box.Height * 0.40f);
        await page.Mouse.MoveAsync(box.X + box.Width * 0.55f, box.Y + box.Height * 0.60f);
        // Two vertices and the pointer: the area of the triangle they make is shown before the third click.
        var status = page.Locator("#draw-area");
        await Assertions.Expect(status).ToContainTextAsync("亩");
        await Assertions.Expect(status).ToContainTextAsync("ha");
        var live = double.Parse((await status.GetAttributeAsync("data-area-m2"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.Mouse.ClickAsync(box.X + box.Width * 0.55f, box.Y + box.Height * 0.60f);
        Assert.True(live > 0);
        Assert.Equal(3, (await page.GetByLabel("拐点坐标（经度,纬度）").InputValueAsync()).Split('\n').Length);
        await browser.ScreenshotAsync("portal-draw");
        Assert.Empty(browser.Problems);
    }
}
