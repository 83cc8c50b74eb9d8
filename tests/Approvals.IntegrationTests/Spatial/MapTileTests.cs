using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Domain.BaseMaps;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// The vector tiles the maps draw: base maps for staff only, one layer per category with each feature's attributes,
/// cached until the next import; cases as the case access rule allows.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class MapTileTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>The slippy-map tile holding a lon/lat point at a zoom.</summary>
    private static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return (x, y);
    }

    private static NetTopologySuite.IO.VectorTiles.VectorTile Decode(byte[] content, int z, int x, int y)
    {
        using var stream = new MemoryStream(content);
        return new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z));
    }

    /// <summary>A geological-hazard layer of one 200 m square at a place no other test uses, with attributes of its own.</summary>
    private async Task ImportHazardAtAsync(double west, double south, string number)
    {
        double dLon = 200 / (111_320 * Math.Cos(south * Math.PI / 180)), dLat = 200 / 110_540.0;
        var geojson = $$$"""
            {"type":"FeatureCollection","features":[{"type":"Feature",
              "properties":{"name":"滑坡隐患点 {{{number}}}","编号":"{{{number}}}","险情等级":"大型","备注":"not a key attribute"},
              "geometry":{"type":"Polygon","coordinates":[[[{{{west}}},{{{south}}}],[{{{west + dLon}}},{{{south}}}],[{{{west + dLon}}},{{{south + dLat}}}],[{{{west}}},{{{south + dLat}}}],[{{{west}}},{{{south}}}]]]}}]}
            """;
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            BaseMapCodes.GeologicalHazard, "ghz-tile-test.geojson", Encoding.UTF8.GetBytes(geojson), 4490, "name", false));
    }

    [Fact]
    public async Task A_base_map_tile_over_a_feature_holds_it_in_its_categorys_layer_with_its_key_attributes()
    {
        const double west = 112.9031, south = 35.9012;
        await ImportHazardAtAsync(west, south, "GHZ-TILE-1");
        const int z = 15;
        var (x, y) = TileOf(west + 0.0005, south + 0.0005, z);

        var response = await (await app.SignedInAs("zezhou.land")).GetAsync($"/tiles/basemaps/{z}/{x}/{y}.mvt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        var tile = Decode(await response.Content.ReadAsByteArrayAsync(), z, x, y);
        var layer = Assert.Single(tile.Layers, l => l.Name == "GHZ");
        var feature = Assert.Single(layer.Features, f => f.Attributes.Exists("name") && (string)f.Attributes["name"] == "滑坡隐患点 GHZ-TILE-1");
        Assert.Equal("GHZ", feature.Attributes["category"]);
        Assert.Equal("feature", feature.Attributes["kind"]);
        Assert.Equal("GHZ-TILE-1", feature.Attributes["编号"]);
        // Only the catalogue's key attributes travel; the rest stays in the database.
        Assert.False(feature.Attributes.Exists("备注"));
        Assert.InRange(Convert.ToDouble(feature.Attributes["areaM2"]), 35_000, 45_000);
        Assert.InRange(feature.Geometry.Centroid.X, west, west + 0.003);
        Assert.InRange(feature.Geometry.Centroid.Y, south, south + 0.003);
    }

    [Fact]
    public async Task Base_map_tiles_are_for_staff_only()
    {
        var (x, y) = TileOf(112.85, 35.5, 12);
        var route = $"/tiles/basemaps/12/{x}/{y}.mvt";

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(route)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAs("applicant")).GetAsync(route)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await (await app.SignedInAs("zezhou.clerk")).GetAsync(route)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.SignedInAs("zezhou.clerk")).GetAsync("/tiles/basemaps/3/8/0.mvt")).StatusCode);
    }

    [Fact]
    public async Task A_browser_keeps_a_base_map_tile_until_an_import_changes_the_layers()
    {
        var client = await app.SignedInAs("jincheng.supervisor");
        var (x, y) = TileOf(112.9, 35.6, 13);
        var route = $"/tiles/basemaps/13/{x}/{y}.mvt";
        var first = await client.GetAsync(route);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", first.Headers.CacheControl?.ToString());

        var again = new HttpRequestMessage(HttpMethod.Get, route);
        again.Headers.IfNoneMatch.Add(etag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        await ImportHazardAtAsync(112.9402, 35.9301, "GHZ-TILE-2");

        var afterImport = new HttpRequestMessage(HttpMethod.Get, route);
        afterImport.Headers.IfNoneMatch.Add(etag!);
        var response = await client.SendAsync(afterImport);
        Assert.NotEqual(HttpStatusCode.NotModified, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag);
    }

    [Fact]
    public async Task A_county_reviewers_case_tiles_hold_only_their_countys_cases()
    {
        var applicant = await app.SignedInAs("applicant");
        // One case in Yangqu and one in Qingxu (both Taiyuan), each inside its own county.
        var (_, yangquNumber) = await cases.SubmitAsync(applicant, county: "140122", boundary: CaseDriver.Square(west: 112.6811, south: 38.0711));
        var (_, qingxuNumber) = await cases.SubmitAsync(applicant, county: "140121", boundary: CaseDriver.Square(west: 112.3811, south: 37.6311));
        const int z = 14;
        var yangquTile = TileOf(112.682, 38.0716, z);
        var qingxuTile = TileOf(112.382, 37.6316, z);

        async Task<List<string>> NumbersSeenBy(string user, (int X, int Y) tile)
        {
            var response = await (await app.SignedInAs(user)).GetAsync($"/tiles/cases/{z}/{tile.X}/{tile.Y}.mvt");
            if (response.StatusCode == HttpStatusCode.NoContent) return [];
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var decoded = Decode(await response.Content.ReadAsByteArrayAsync(), z, tile.X, tile.Y);
            return decoded.Layers.Where(l => l.Name == "cases").SelectMany(l => l.Features).Select(f => (string)f.Attributes["number"]).ToList();
        }

        Assert.Contains(yangquNumber, await NumbersSeenBy("yangqu.land", yangquTile));
        Assert.DoesNotContain(qingxuNumber, await NumbersSeenBy("yangqu.land", qingxuTile));
        Assert.Contains(yangquNumber, await NumbersSeenBy("taiyuan.forest", yangquTile));
        Assert.Contains(qingxuNumber, await NumbersSeenBy("taiyuan.forest", qingxuTile));
        Assert.Empty(await NumbersSeenBy("zezhou.land", yangquTile));
        Assert.Contains(yangquNumber, await NumbersSeenBy("applicant", yangquTile));
        var route = $"/tiles/cases/{z}/{yangquTile.X}/{yangquTile.Y}.mvt";
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(route)).StatusCode);
    }

    [Fact]
    public async Task A_dense_category_is_drawn_as_its_coverage_outline_at_low_zooms_and_feature_by_feature_from_its_first_detailed_zoom()
    {
        // 400 zoning patches of 30 m in a 1.2 km square no other test uses: far more than a low-zoom tile may carry.
        const double west = 113.402, south = 36.303;
        double dLon = 1 / (111_320 * Math.Cos(south * Math.PI / 180)), dLat = 1 / 110_540.0;
        var features = new List<string>();
        for (var row = 0; row < 20; row++)
            for (var column = 0; column < 20; column++)
            {
                double x0 = west + column * 60 * dLon, y0 = south + row * 60 * dLat, x1 = x0 + 30 * dLon, y1 = y0 + 30 * dLat;
                features.Add(System.FormattableString.Invariant($"{{\"type\":\"Feature\",\"properties\":{{\"name\":\"用途分区 {row}-{column}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"));
            }
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(BaseMapCodes.LandUseZoning, "luz-dense-tile-test.geojson",
                Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[""" + string.Join(",", features) + "]}"), 4490, "name", true));
        }
        var reviewer = await app.SignedInAs("zezhou.land");

        async Task<IReadOnlyList<string>> KindsAtAsync(int z)
        {
            var (x, y) = TileOf(west + 0.0002, south + 0.0002, z);
            var response = await reviewer.GetAsync($"/tiles/basemaps/{z}/{x}/{y}.mvt");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var layer = Assert.Single(Decode(await response.Content.ReadAsByteArrayAsync(), z, x, y).Layers, l => l.Name == "LUZ");
            return layer.Features.Select(f => (string)f.Attributes["kind"]).ToList();
        }

        var low = await KindsAtAsync(10);
        var detailed = await KindsAtAsync(14);

        // Below its first detailed zoom the category is one outline of what it covers, never its 400 patches.
        Assert.Equal(["coverage"], low);
        Assert.All(detailed, kind => Assert.Equal("feature", kind));
        Assert.True(detailed.Count > 1, $"the z14 tile holds {detailed.Count} zoning patches");
    }
}
