using Approvals.Application.Maps;

namespace Approvals.UnitTests.Maps;

/// <summary>Where a base-map category starts to be drawn feature by feature.</summary>
public sealed class BaseMapTileLevelsTests
{
    [Fact]
    public void A_few_features_are_drawn_at_every_zoom() =>
        Assert.Equal(0, BaseMapTileLevels.FirstDetailedZoom(features: 40, areaM2: 5e9, latitude: 36));

    [Fact]
    public void Dense_farmland_patches_start_at_the_county_scale_and_sparse_reserves_much_earlier()
    {
        // 67,000 patches over the demo counties' 9,700 km² (a category of the million-feature benchmark).
        var dense = BaseMapTileLevels.FirstDetailedZoom(67_000, 9.7e9, 36);
        // 300 reserves over the same area.
        var sparse = BaseMapTileLevels.FirstDetailedZoom(300, 9.7e9, 36);
        Assert.Equal(13, dense);
        Assert.InRange(sparse, 7, 9);
    }

    [Fact]
    public void From_zoom_14_every_category_is_drawn_whatever_its_density() =>
        Assert.Equal(BaseMapTileLevels.AlwaysDetailed, BaseMapTileLevels.FirstDetailedZoom(100_000_000, 1e6, 36));
}
