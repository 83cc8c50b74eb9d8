using System.Globalization;
using System.Text;
using Approvals.Application.SpatialChecks.Avoidance;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Application.SpatialChecks.SuggestAvoidance;
using Approvals.Domain.BaseMaps;
using Approvals.Spatial.Boundaries;
using NetTopologySuite.Operation.Union;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// Avoidance suggestions (选址避让): the clear part is the boundary without what the rules prohibit, measured as PostGIS
/// measures it, and every suggested site passes the normal checker without a prohibited finding.
/// </summary>
public sealed class AvoidanceTests(SpatialServices app) : IClassFixture<SpatialServices>, IAsyncLifetime
{
    private static string Square(double x0, double y0, double x1, double y1) => SpatialFixtures.Polygon(SpatialFixtures.Ring(x0, y0, x1, y1));

    public async Task InitializeAsync()
    {
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers") > 0) return;
        await app.Import(BaseMapCodes.PermanentBasicFarmland, SpatialFixtures.Collection(
            // West of the first boundary, overlapping a third of it.
            SpatialFixtures.Feature("p1", Square(0, 0, 300, 300), """{"name":"基本农田 1"}"""),
            // A 1 km square holding the second boundary wholly.
            SpatialFixtures.Feature("p2", Square(3000, 0, 4000, 1000), """{"name":"基本农田 2"}"""),
            // A 7 km square: nothing within 2 km of its centre is clear.
            SpatialFixtures.Feature("p3", Square(10000, 0, 17000, 7000), """{"name":"基本农田 3"}""")));
        await app.Import(BaseMapCodes.ForestLand, SpatialFixtures.Collection(
            // Grade I forest over the first boundary's north-east corner: prohibited too, by another rule.
            SpatialFixtures.Feature("w1", Square(450, 250, 550, 350), """{"保护等级":"I","林种":"防护林","name":"一级保护林地"}"""),
            // Grade III: allowed with conditions, not avoided.
            SpatialFixtures.Feature("w2", Square(200, -100, 300, 0), """{"保护等级":"III","林种":"用材林","name":"三级保护林地"}""")));
        await app.Import(BaseMapCodes.NatureReserve, SpatialFixtures.Collection(
            // A core zone east of the first boundary: the nearest moves east are prohibited by it.
            SpatialFixtures.Feature("n1", Square(600, 0, 900, 300), """{"功能区":"核心区","name":"保护区核心区"}"""),
            SpatialFixtures.Feature("n2", Square(600, 400, 900, 700), """{"功能区":"实验区","name":"保护区实验区"}""")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Boundary Read(string geometry) => SpatialFixtures.Read(Encoding.UTF8.GetBytes(geometry), SpatialFixtures.StorageSrid);

    private Task<AvoidanceSuggestions?> Suggest(Boundary boundary) => app.Send(new SuggestAvoidanceQuery(boundary));

    /// <summary>The site's GeoJSON (lon/lat) read as an applicant's boundary file, and checked by the normal checker.</summary>
    private async Task<Application.SpatialChecks.ComparisonReport> CheckAgain(SuggestedSite site)
    {
        var boundary = SpatialFixtures.Read(Encoding.UTF8.GetBytes(site.Geometry.ToJsonString()));
        return (await app.Send(new CheckBoundaryCommand(boundary, Store: false))).Report;
    }

    [Fact]
    public async Task Every_suggested_site_checked_again_by_the_normal_checker_hits_no_prohibited_category()
    {
        var avoidance = await Suggest(Read(Square(200, 0, 500, 300)));

        Assert.NotNull(avoidance);
        Assert.Equal(["PBF", "FOR"], avoidance.Avoided);
        Assert.InRange(avoidance.Sites.Count, 1, 3);
        Assert.Null(avoidance.Message);
        Assert.True(avoidance.CandidatesTried > 0 && avoidance.CandidatesTried <= avoidance.CandidatesTotal);
        foreach (var site in avoidance.Sites)
        {
            var report = await CheckAgain(site);
            Assert.False(report.Prohibited, $"site moved {site.ShiftM} m, turned {site.RotationDeg}°: {string.Join("; ", report.Findings)}");
            Assert.False(site.Report.Prohibited);
            Assert.InRange(site.ShiftM, 0, 2000);
            // Its own short report agrees with the full one.
            Assert.Equal(report.DecidingLevel, site.Report.DecidingLevel);
            Assert.Equal(report.RequiredDepartments, site.Report.RequiredDepartments);
        }
        // Best first: least restricted area still hit, then the shortest move.
        var ranked = avoidance.Sites.OrderBy(s => s.RestrictedM2).ThenBy(s => s.ShiftM).ToList();
        Assert.Equal(ranked, avoidance.Sites);
    }

    [Fact]
    public async Task The_clear_part_measures_what_PostGIS_leaves_of_the_boundary_without_the_union_of_prohibited_features()
    {
        var boundary = Read(Square(200, 0, 500, 300));
        var avoidance = await Suggest(boundary);

        var clear = Assert.IsType<ClearPart>(avoidance?.ClearPart);
        var union = UnaryUnionOp.Union(boundary.Parcels.Select(p => p.Geometry).ToList());
        // The reference: the statement a GIS analyst would write, on the features the rules prohibit (PBF; grade I forest).
        var reference = await app.Database.ScalarAsync<double>(string.Create(CultureInfo.InvariantCulture, $"""
            SELECT ST_Area(ST_Difference(b.g, (SELECT ST_Union(f.geometry) FROM base_map_features f
                                               WHERE f.category_code = 'PBF' OR (f.category_code = 'FOR' AND f.forest_grade = 1))))
            FROM (SELECT ST_GeomFromText('{union.AsText()}', {SpatialFixtures.StorageSrid}) AS g) b
            """));
        Assert.InRange((double)clear.AreaM2, reference * 0.999, reference * 1.001);
        // 9 ha less the farmland's 3 ha and the forest's 0.25 ha.
        Assert.InRange((double)clear.AreaM2, 57_490, 57_510);
        Assert.Equal(63.89m, clear.PercentRetained);
        var parcel = Assert.Single(clear.Parcels);
        Assert.Equal(clear.AreaM2, parcel.ClearM2);

        // Adopted as a boundary, the clear part is no longer prohibited.
        var report = (await app.Send(new CheckBoundaryCommand(SpatialFixtures.Read(Encoding.UTF8.GetBytes(clear.Geometry.ToJsonString())), Store: false))).Report;
        Assert.False(report.Prohibited, string.Join("; ", report.Findings));
    }

    [Fact]
    public async Task A_boundary_wholly_inside_prohibited_farmland_has_no_clear_part_and_only_sites()
    {
        var avoidance = await Suggest(Read(Square(3400, 400, 3600, 600)));

        Assert.NotNull(avoidance);
        Assert.Equal(["PBF"], avoidance.Avoided);
        Assert.Null(avoidance.ClearPart);
        Assert.NotEmpty(avoidance.Sites);
        // Out of a 1 km square from its middle: at least 500 m less half the boundary's 200 m.
        Assert.All(avoidance.Sites, s => Assert.True(s.ShiftM >= 400, $"moved only {s.ShiftM} m"));
        foreach (var site in avoidance.Sites) Assert.False((await CheckAgain(site)).Prohibited);
    }

    [Fact]
    public async Task A_boundary_that_touches_nothing_prohibited_gets_no_avoidance_section()
    {
        // Grade III forest and a reserve's experimental zone only: conditions, not prohibitions.
        var boundary = Read(Square(150, -150, 350, -50));
        Assert.Null(await Suggest(boundary));
        var nothing = Read(Square(650, 450, 850, 650));
        Assert.Null(await Suggest(nothing));

        var report = (await app.Send(new CheckBoundaryCommand(nothing, Store: false))).Report;
        Assert.DoesNotContain("\"avoidance\"", AvoidanceSuggestions.AddTo(report.ToJson(), null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_boundary_in_the_middle_of_farmland_wider_than_the_search_says_no_site_was_found_within_the_radius()
    {
        var avoidance = await Suggest(Read(Square(13400, 3400, 13600, 3600)));

        Assert.NotNull(avoidance);
        Assert.Null(avoidance.ClearPart);
        Assert.Empty(avoidance.Sites);
        Assert.Equal(2000, avoidance.SearchedRadiusM);
        Assert.Contains("2,000 米范围内未找到可用选址", avoidance.Message, StringComparison.Ordinal);
        Assert.StartsWith("No site was found within 2,000 m", avoidance.MessageEn, StringComparison.Ordinal);
        Assert.Equal(avoidance.CandidatesTotal, avoidance.CandidatesTried);
    }
}
