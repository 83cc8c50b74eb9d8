using Approvals.Application.BaseMaps.RollBackBaseMapLayer;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.BaseMaps;
using static Approvals.IntegrationTests.Spatial.SpatialFixtures;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// The overlay index remembers which pieces overlap another feature of their version, so a planar
/// survey layer is measured without pairwise tests, and the answer stays PostGIS's union area.
/// </summary>
public sealed class OverlayIndexTests(SpatialServices app) : IClassFixture<SpatialServices>
{
    /// <summary>A 3 × 3 grid of 100 m squares that only touch, as parcels of a survey do.</summary>
    private static byte[] PlanarGrid(double offset = 0) => Collection(
        Enumerable.Range(0, 9).Select(i => Feature($"g{i}", Polygon(Ring(offset + i % 3 * 100, i / 3 * 100, offset + i % 3 * 100 + 100, i / 3 * 100 + 100)))).ToArray());

    private static byte[] Boundary(double x0, double y0, double x1, double y1) => System.Text.Encoding.UTF8.GetBytes(Polygon(Ring(x0, y0, x1, y1)));

    [Fact]
    public async Task A_planar_layer_marks_no_piece_and_its_overlap_is_the_union_area()
    {
        var layer = await app.Import(BaseMapCodes.Cultivated, PlanarGrid());

        Assert.Equal(0L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM base_map_feature_parts WHERE layer_id = '{layer.LayerId}' AND overlaps_other_feature"));
        var check = await app.Send(new CheckBoundaryCommand(Read(Boundary(50, 50, 250, 250), StorageSrid)));
        var cultivated = check.Report.Categories.Single(c => c.Code == BaseMapCodes.Cultivated);
        Assert.Equal(40_000m, cultivated.OverlapM2);
        Assert.Equal(await app.PostGisUnionOverlap(check.Id!.Value, BaseMapCodes.Cultivated), (double)cultivated.OverlapM2, 2);
    }

    [Fact]
    public async Task Only_the_features_that_overlap_another_are_marked_and_they_count_once()
    {
        var layer = await app.Import(BaseMapCodes.ForestLand, Collection(
            Feature("a", Polygon(Ring(0, 0, 200, 200))),
            Feature("b", Polygon(Ring(100, 100, 300, 300))),
            Feature("c", Polygon(Ring(300, 0, 400, 100)))));

        var marked = await app.Database.ScalarAsync<long>($"""
            SELECT count(DISTINCT f.source_id) FROM base_map_feature_parts p JOIN base_map_features f ON f.id = p.feature_id
            WHERE p.layer_id = '{layer.LayerId}' AND p.overlaps_other_feature AND f.source_id IN ('a', 'b')
            """);
        Assert.Equal(2L, marked);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM base_map_feature_parts p JOIN base_map_features f ON f.id = p.feature_id
            WHERE p.layer_id = '{layer.LayerId}' AND p.overlaps_other_feature AND f.source_id = 'c'
            """));
        var check = await app.Send(new CheckBoundaryCommand(Read(Boundary(0, 0, 400, 300), StorageSrid)));
        // a ∪ b = 40,000 + 40,000 − 10,000; c touches b along x = 300 and adds 10,000.
        Assert.Equal(80_000m, check.Report.Categories.Single(c => c.Code == BaseMapCodes.ForestLand).OverlapM2);
    }

    [Fact]
    public async Task Two_current_versions_of_a_category_that_overlap_each_other_still_count_once()
    {
        // Each version is planar on its own; added without replacing, the second covers half of the first.
        await app.Import(BaseMapCodes.BasicGrassland, PlanarGrid(offset: 2_000));
        await app.Import(BaseMapCodes.BasicGrassland, PlanarGrid(offset: 2_150));

        var check = await app.Send(new CheckBoundaryCommand(Read(Boundary(2_000, 0, 2_450, 300), StorageSrid)));
        var grassland = check.Report.Categories.Single(c => c.Code == BaseMapCodes.BasicGrassland);
        Assert.Equal(450m * 300m, grassland.OverlapM2);
        Assert.Equal(await app.PostGisUnionOverlap(check.Id!.Value, BaseMapCodes.BasicGrassland), (double)grassland.OverlapM2, 2);
    }

    [Fact]
    public async Task A_roll_back_measures_the_restored_versions_pieces_again()
    {
        var overlapping = await app.Import(BaseMapCodes.Wetland, Collection(
            Feature("p", Polygon(Ring(5_000, 0, 5_200, 200))),
            Feature("q", Polygon(Ring(5_100, 0, 5_300, 200)))));
        await app.Import(BaseMapCodes.Wetland, PlanarGrid(offset: 5_000), replace: true);

        await app.Send(new RollBackBaseMapLayerCommand(overlapping.LayerId));

        Assert.Equal(2L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM base_map_feature_parts WHERE layer_id = '{overlapping.LayerId}' AND overlaps_other_feature"));
        var check = await app.Send(new CheckBoundaryCommand(Read(Boundary(5_000, 0, 5_300, 200), StorageSrid)));
        Assert.Equal(60_000m, check.Report.Categories.Single(c => c.Code == BaseMapCodes.Wetland).OverlapM2);
    }
}
