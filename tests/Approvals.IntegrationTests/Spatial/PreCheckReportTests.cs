using System.Text;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// What the pre-check tells an applicant beyond the overlaps: why the case is decided where it is (in agreement with
/// its own rows), declared forest use the boundary cannot hold, and a boundary outside the county the application names.
/// </summary>
public sealed class PreCheckReportTests(SpatialServices app) : IClassFixture<SpatialServices>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers") > 0) return;
        await app.Import(BaseMapCodes.PermanentBasicFarmland, SpatialFixtures.Farmland());
        // Forest land on the boundary's corner (50..100)² = 0.25 ha, and far around it, so that the layer covers
        // the empty square (800..1000)² too: there it is "clear", not "no data".
        await app.Import(BaseMapCodes.ForestLand, SpatialFixtures.Collection(
            SpatialFixtures.Feature("w1", SpatialFixtures.Polygon(SpatialFixtures.Ring(0, 0, 100, 100)), """{"保护等级":"III","林种":"用材林","name":"林地 1"}"""),
            SpatialFixtures.Feature("w2", SpatialFixtures.Polygon(SpatialFixtures.Ring(-600, -600, -500, -500))),
            SpatialFixtures.Feature("w3", SpatialFixtures.Polygon(SpatialFixtures.Ring(1500, 1500, 1600, 1600))),
            SpatialFixtures.Feature("w4", SpatialFixtures.Polygon(SpatialFixtures.Ring(-600, 1500, -500, 1600))),
            SpatialFixtures.Feature("w5", SpatialFixtures.Polygon(SpatialFixtures.Ring(1500, -600, 1600, -500)))));
        // A geological-hazard zone over the boundary's far corner: a county-level matter.
        await app.Import(BaseMapCodes.GeologicalHazard, SpatialFixtures.Collection(
            SpatialFixtures.Feature("g1", SpatialFixtures.Polygon(SpatialFixtures.Ring(500, 500, 700, 700)), """{"name":"滑坡易发区"}""")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Boundary TheBoundary() => SpatialFixtures.Read(SpatialFixtures.BoundaryInStorageCrs(), SpatialFixtures.StorageSrid);

    private static Boundary EmptySquare() =>
        SpatialFixtures.Read(Encoding.UTF8.GetBytes(SpatialFixtures.Polygon(SpatialFixtures.Ring(800, 800, 1000, 1000))), SpatialFixtures.StorageSrid);

    private static ForestUseRequest Forest(decimal hectares) => new(Area.FromHectares(hectares), ForestKind.Other);

    [Fact]
    public async Task A_hit_s_row_names_the_level_its_own_finding_names_and_the_deciding_level_is_explained_by_the_declared_project_level()
    {
        var report = (await app.Send(new CheckBoundaryCommand(TheBoundary(), Uses: [new LandUseRequest(JurisdictionLevel.Province)], Store: false))).Report;

        var hazard = report.Categories.Single(c => c.Code == BaseMapCodes.GeologicalHazard);
        Assert.Equal(CategoryStatus.Intersects, hazard.Status);
        // The finding says the hazard zone needs a county review; the row said 省级 (the land department's overall level).
        Assert.Contains(report.Findings, f => f.StartsWith("覆盖地质灾害易发区", StringComparison.Ordinal) && f.Contains("需县级审查", StringComparison.Ordinal));
        Assert.Equal("county", hazard.RequiredLevel);

        Assert.Equal("province", report.DecidingLevel);
        // Why province: the project is approved by the province (and the farmland), never the hazard zone.
        Assert.Contains(report.LevelReasons, r => r.StartsWith("项目由省级审批或备案，用地同级审查", StringComparison.Ordinal));
        Assert.Contains(report.LevelReasonsEn, r => r.StartsWith("The project is approved or filed at province level", StringComparison.Ordinal));
        Assert.Contains(report.LevelReasons, r => r.StartsWith("覆盖永久基本农田", StringComparison.Ordinal));
        Assert.DoesNotContain(report.LevelReasons, r => r.Contains("地质灾害", StringComparison.Ordinal));
        Assert.Equal(report.LevelReasons.Count, report.LevelReasonsEn.Count);
    }

    [Fact]
    public async Task A_county_project_on_a_hazard_zone_alone_is_decided_at_the_county_and_says_so()
    {
        var report = (await app.Send(new CheckBoundaryCommand(
            SpatialFixtures.Read(Encoding.UTF8.GetBytes(SpatialFixtures.Polygon(SpatialFixtures.Ring(660, 660, 690, 690))), SpatialFixtures.StorageSrid),
            Uses: [new LandUseRequest(JurisdictionLevel.County)], Store: false))).Report;

        Assert.Equal("county", report.DecidingLevel);
        Assert.Contains(report.LevelReasons, r => r.StartsWith("项目由县级审批或备案", StringComparison.Ordinal));
        Assert.Contains(report.LevelReasons, r => r.StartsWith("覆盖地质灾害易发区", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Declared_forest_use_over_no_forest_land_is_warned_about_in_both_languages()
    {
        var report = (await app.Send(new CheckBoundaryCommand(EmptySquare(), Uses: [new LandUseRequest(JurisdictionLevel.County), Forest(1.5m)], Store: false))).Report;

        Assert.Equal(CategoryStatus.Clear, report.Categories.Single(c => c.Code == BaseMapCodes.ForestLand).Status);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("申请用林 1.50 公顷，但红线范围内没有林地", warning);
        Assert.Contains("1.50 ha of forest-land use is declared, but the boundary holds no Forest land", Assert.Single(report.WarningsEn));
    }

    [Fact]
    public async Task Declared_forest_use_larger_than_the_forest_land_under_the_boundary_is_warned_about()
    {
        var larger = (await app.Send(new CheckBoundaryCommand(TheBoundary(), Uses: [Forest(2m)], Store: false))).Report;
        var within = (await app.Send(new CheckBoundaryCommand(TheBoundary(), Uses: [Forest(0.25m)], Store: false))).Report;

        Assert.Equal(0.25m, larger.Categories.Single(c => c.Code == BaseMapCodes.ForestLand).OverlapHa);
        Assert.Contains(larger.Warnings, w => w.Contains("申请用林 2.00 公顷，超过红线范围内的林地", StringComparison.Ordinal) && w.Contains("0.25 公顷", StringComparison.Ordinal));
        Assert.Contains(larger.WarningsEn, w => w.Contains("more than the 0.25 ha of Forest land", StringComparison.Ordinal));
        Assert.Empty(within.Warnings);
    }

    [Fact]
    public async Task A_boundary_outside_the_named_county_says_how_much_lies_outside_and_where_it_appears_to_be()
    {
        // The fixtures lie at 112.45°E 35.5°N, in Jincheng; Qingxu is a county of Taiyuan, 240 km north.
        var elsewhere = (await app.Send(new CheckBoundaryCommand(TheBoundary(), CountyCode: "140121", Store: false))).Report;
        var athome = (await app.Send(new CheckBoundaryCommand(TheBoundary(), CountyCode: "140525", Store: false))).Report;

        Assert.Equal("140121", elsewhere.County!.Code);
        Assert.Equal(35.00m, elsewhere.County.OutsideHa);
        Assert.Contains(elsewhere.County.AppearsInCode, new[] { "140522", "140525" });
        Assert.Contains(elsewhere.Warnings, w => w.StartsWith("红线有 35.00 公顷位于所选的清徐县范围之外，似位于", StringComparison.Ordinal));
        Assert.Contains(elsewhere.WarningsEn, w => w.StartsWith("35.00 ha of the boundary lies outside the chosen Qingxu County", StringComparison.Ordinal));

        Assert.Equal(0m, athome.County!.OutsideHa);
        Assert.Null(athome.County.AppearsInCode);
        Assert.Empty(athome.Warnings);
    }
}
