using Approvals.Domain.Measures;

namespace Approvals.Domain.Tests;

public class AreaTests
{
    [Fact]
    public void One_hectare_is_ten_thousand_square_metres_and_fifteen_mu()
    {
        var area = Area.FromHectares(1);
        Assert.Equal(10_000m, area.SquareMetres);
        Assert.Equal(15m, area.Mu);
        Assert.Equal(area, Area.FromMu(15));
        Assert.Equal(area, Area.FromSquareMetres(10_000m));
    }

    [Fact]
    public void One_mu_shows_as_666_67_square_metres()
    {
        Assert.Equal(666.67m, Area.FromMu(1).RoundedSquareMetres);
    }

    [Fact]
    public void Display_rounds_to_two_decimals_half_away_from_zero_but_the_value_stays_exact()
    {
        var area = Area.FromSquareMetres(32_125m); // 3.2125 ha
        Assert.Equal(3.21m, area.RoundedHectares);
        Assert.Equal(3.2125m, area.Hectares);
        Assert.Equal(48.19m, area.RoundedMu); // 48.1875
        Assert.Equal("3.21 ha", area.ToString());
        Assert.Equal(3.22m, Area.FromSquareMetres(32_150m).RoundedHectares);
    }

    [Fact]
    public void Areas_add_and_compare()
    {
        var sum = Area.FromHectares(1.5m) + Area.FromSquareMetres(5_000m);
        Assert.Equal(Area.FromHectares(2), sum);
        Assert.True(sum > Area.FromHectares(1.99m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Area.FromHectares(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Area.FromSquareMetres(double.NaN));
    }
}
