using Approvals.Application.Maps;

namespace Approvals.UnitTests.Maps;

/// <summary>A tile's size on the ground, as the tile queries simplify and read around it.</summary>
public sealed class TileAddressTests
{
    [Fact]
    public void A_pixel_of_the_whole_world_tile_is_the_well_known_156543_metres_and_halves_with_each_zoom()
    {
        Assert.Equal(156_543.03, new TileAddress(0, 0, 0).PixelMetres(), 2);
        Assert.Equal(9.5546, new TileAddress(14, 13_400, 6_500).PixelMetres(), 4);
        Assert.Equal(new TileAddress(7, 0, 0).PixelMetres() / 2, new TileAddress(8, 0, 0).PixelMetres(), 9);
    }

    [Fact]
    public void The_margin_read_around_a_tile_is_its_64_of_4096_units_that_is_four_pixels() =>
        Assert.Equal(4 * new TileAddress(12, 3_350, 1_625).PixelMetres(), new TileAddress(12, 3_350, 1_625).MarginMetres(), 9);
}
