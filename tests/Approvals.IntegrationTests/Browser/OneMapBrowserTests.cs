using System.Text;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Domain.BaseMaps;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

/// <summary>一张图 in a real browser: the base-map and case tiles render, the layer panel and the feature card work.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class OneMapBrowserTests(ApprovalsApp app)
{
    /// <summary>A drinking-water source area of 300 m at a place no other test uses, with its own number.</summary>
    private async Task ImportWaterSourceAsync(double west, double south, string number)
    {
        double dLon = 300 / (111_320 * Math.Cos(south * Math.PI / 180)), dLat = 300 / 110_540.0;
        FormattableString ring = $"[[{west},{south}],[{west + dLon},{south}],[{west + dLon},{south + dLat}],[{west},{south + dLat}],[{west},{south}]]";
        var geojson = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"水源保护区 " + number + "\",\"编号\":\"" + number
            + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + FormattableString.Invariant(ring) + "]}}]}";
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            BaseMapCodes.DrinkingWaterSource, "dws-map-test.geojson", Encoding.UTF8.GetBytes(geojson), 4490, "name", false));
    }

    private static async Task WaitForMapAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => window.approvalsMap && window.approvalsMap.loaded() && window.approvalsMap.areTilesLoaded()",
            options: new PageWaitForFunctionOptions { Timeout = 30_000 });

    [Fact]
    public async Task A_reviewer_sees_the_base_maps_toggles_a_category_and_reads_a_features_attributes()
    {
        const double west = 112.9511, south = 35.9611;
        await ImportWaterSourceAsync(west, south, "DWS-MAP-1");
        await using var browser = await app.BrowserAs("zezhou.land");
        var page = browser.Page;

        await page.GotoAsync("/map");
        await WaitForMapAsync(page);
        await page.EvaluateAsync("([lon, lat]) => { window.approvalsMap.jumpTo({ center: [lon, lat], zoom: 16 }); }", new[] { west + 0.0016, south + 0.0013 });
        await WaitForMapAsync(page);
        var drawn = await page.EvaluateAsync<int>("() => window.approvalsMap.queryRenderedFeatures({ layers: ['bm-fill-DWS'] }).length");
        Assert.True(drawn > 0, "the water-source feature is drawn from the tiles");

        // Clicking the feature opens its card with its attributes.
        var box = (await page.Locator("#one-map canvas").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        var card = page.Locator(".maplibregl-popup .map-card");
        await card.WaitForAsync();
        var text = await card.InnerTextAsync();
        Assert.Contains("水源保护区 DWS-MAP-1", text);
        // Its key attribute (编号) as a row of its own.
        Assert.Matches(@"编号\s+DWS-MAP-1", text);
        await browser.ScreenshotAsync("one-map");

        // Unticking the category hides its layers.
        await page.Locator(".layer-toggle[data-category=DWS]").UncheckAsync();
        Assert.Equal("none", await page.EvaluateAsync<string>("() => window.approvalsMap.getLayoutProperty('bm-fill-DWS', 'visibility')"));
        await WaitForMapAsync(page);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.approvalsMap.queryRenderedFeatures({ layers: ['bm-fill-DWS'] }).length"));

        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_applicant_is_not_shown_the_map()
    {
        var response = await (await app.SignedInAs("applicant")).GetAsync("/map");
        // Refused: the host sends the browser to its access-denied page instead of the map.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/map", response.Headers.Location!.OriginalString.Replace("ReturnUrl=%2Fmap", ""));
    }
}
