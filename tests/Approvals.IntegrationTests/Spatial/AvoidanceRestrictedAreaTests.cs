using System.Text;
using Approvals.Application.SpatialChecks.SuggestAvoidance;
using Approvals.Domain.BaseMaps;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// A suggested site's <c>restrictedM2</c> is the land it still covers that the rules send to a higher level or another
/// department: the area of the site ∩ the union of those hits, so land that is both a nature park and public welfare
/// forest counts once (as the report's own overlap areas never count overlapping features twice).
/// </summary>
public sealed class AvoidanceRestrictedAreaTests(SpatialServices app) : IClassFixture<SpatialServices>, IAsyncLifetime
{
    private static string Square(double x0, double y0, double x1, double y1) => SpatialFixtures.Polygon(SpatialFixtures.Ring(x0, y0, x1, y1));

    public async Task InitializeAsync()
    {
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers") > 0) return;
        // Farmland exactly under the boundary: it must move, and no part of it is clear.
        await app.Import(BaseMapCodes.PermanentBasicFarmland, SpatialFixtures.Collection(
            SpatialFixtures.Feature("p1", Square(0, 0, 100, 100), """{"name":"基本农田"}""")));
        // Everywhere the search may go is a nature park, and public welfare forest as well: two restricted hits on the same land.
        await app.Import(BaseMapCodes.NaturePark, SpatialFixtures.Collection(
            SpatialFixtures.Feature("k1", Square(-3000, -3000, 3000, 3000), """{"name":"森林公园"}""")));
        await app.Import(BaseMapCodes.PublicWelfareForest, SpatialFixtures.Collection(
            SpatialFixtures.Feature("f1", Square(-3000, -3000, 3000, 3000), """{"name":"省级公益林"}""")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_site_on_land_that_is_both_a_nature_park_and_public_welfare_forest_counts_that_land_once_as_restricted()
    {
        var boundary = SpatialFixtures.Read(Encoding.UTF8.GetBytes(Square(0, 0, 100, 100)), SpatialFixtures.StorageSrid);

        var avoidance = await app.Send(new SuggestAvoidanceQuery(boundary));

        Assert.NotNull(avoidance);
        Assert.Equal(["PBF"], avoidance.Avoided);
        Assert.NotEmpty(avoidance.Sites);
        foreach (var site in avoidance.Sites)
        {
            // Each category on its own covers the whole 1 ha site, and both are restricted (province, forestry)…
            var hits = site.Report.Categories.Where(c => c.Restricted).ToDictionary(c => c.Code, c => c.OverlapM2);
            Assert.InRange(hits["NPK"], 9_999.99m, 10_000.01m);
            Assert.InRange(hits["PWF"], 9_999.99m, 10_000.01m);
            // …and the site still covers 1 ha of restricted land, not 2.
            Assert.InRange(site.RestrictedM2, 9_999.99m, 10_000.01m);
        }
    }
}
