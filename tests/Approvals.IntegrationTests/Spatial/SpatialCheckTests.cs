using Approvals.Application.BaseMaps.ListBaseMapLayers;
using Approvals.Application.Identity;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.BaseMaps;
using Approvals.Spatial.Boundaries;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>The check against PostGIS's own answer, on fixtures with overlaps, holes, multipolygons and features inside.</summary>
public sealed class SpatialCheckTests(SpatialServices app) : IClassFixture<SpatialServices>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers") > 0) return;
        await app.Import(BaseMapCodes.PermanentBasicFarmland, SpatialFixtures.Farmland());
        await app.Import(BaseMapCodes.Cultivated, SpatialFixtures.CultivatedAround());
        await app.Import(BaseMapCodes.ForestLand, SpatialFixtures.Forest());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Boundaries => new() { "storage", "lonlat", "txt-zone37-gbk" };

    private static Boundary BoundaryOf(string kind) => kind switch
    {
        "storage" => SpatialFixtures.Read(SpatialFixtures.BoundaryInStorageCrs(), SpatialFixtures.StorageSrid),
        "lonlat" => SpatialFixtures.Read(SpatialFixtures.BoundaryInLonLat()),
        _ => SpatialFixtures.Read(SpatialFixtures.TwoParcelTxtInZone37()),
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task Overlaps_equal_PostGIS_area_of_the_boundary_intersected_with_the_union_of_each_category(string kind)
    {
        var result = await app.Send(new CheckBoundaryCommand(BoundaryOf(kind), kind));

        foreach (var category in result.Report.Categories)
        {
            var expected = await app.PostGisUnionOverlap(result.Id!.Value, category.Code);
            Assert.True(Math.Abs((double)category.OverlapM2 - expected) <= 0.01 + expected * 1e-9,
                $"{kind} {category.Code}: report {category.OverlapM2} m², PostGIS {expected:F4} m²");
        }
    }

    [Fact]
    public async Task Overlapping_features_count_once_and_holes_and_multipolygons_are_respected()
    {
        var report = (await app.Send(new CheckBoundaryCommand(BoundaryOf("storage")))).Report;
        var pbf = report.Categories.Single(c => c.Code == BaseMapCodes.PermanentBasicFarmland);

        // Boundary (50..650)² minus the hole (250..350)²; by hand:
        // f1 ∩ b = 150² = 22,500; f2 ∩ b = 200² − hole part (250..300)² = 40,000 − 2,500 = 37,500; f1 ∩ f2 = 100² = 10,000 counted once;
        // f3 = 2 × (50 × 30) = 3,000 (y 50..80); f4 ∩ b = 250 × 250 − 100 × 100 (its hole) = 52,500; f5 = 400.
        Assert.Equal(22_500m + 37_500m - 10_000m + 3_000m + 52_500m + 400m, pbf.OverlapM2);
        Assert.Equal(CategoryStatus.Intersects, pbf.Status);
        Assert.Equal(5, pbf.Features.Count);
        Assert.Equal(400m, pbf.Features.Single(f => f.Name == "基本农田 5").OverlapM2);
        Assert.Equal(37_500m, pbf.Features.Single(f => f.Name == "基本农田 2").OverlapM2);
        Assert.Equal(350_000m, report.Boundary.AreaM2);
        Assert.Equal(Math.Round(pbf.OverlapM2 / 350_000m * 100, 2), pbf.PercentOfProject);
        Assert.Equal(Math.Round(pbf.OverlapM2 / 10_000m, 2), pbf.OverlapHa);
        Assert.Equal(Math.Round(pbf.OverlapM2 / 10_000m * 15, 2), pbf.OverlapMu);
    }

    [Fact]
    public async Task The_report_lists_all_fifteen_categories_in_catalogue_order_and_tells_clear_from_no_coverage()
    {
        var report = (await app.Send(new CheckBoundaryCommand(BoundaryOf("storage")))).Report;

        Assert.Equal(BaseMapCodes.All, report.Categories.Select(c => c.Code));
        Assert.Equal(CategoryStatus.Clear, report.Categories.Single(c => c.Code == BaseMapCodes.Cultivated).Status);
        Assert.Equal(CategoryStatus.NoCoverage, report.Categories.Single(c => c.Code == BaseMapCodes.NatureReserve).Status);
        Assert.Equal(CategoryStatus.Intersects, report.Categories.Single(c => c.Code == BaseMapCodes.ForestLand).Status);
        Assert.All(report.Categories.Where(c => c.Status != CategoryStatus.Intersects), c => Assert.Equal(0m, c.OverlapM2));
    }

    [Fact]
    public async Task Routing_follows_from_the_hits_with_bilingual_findings()
    {
        var report = (await app.Send(new CheckBoundaryCommand(BoundaryOf("storage")))).Report;

        // Permanent basic farmland: province, forwarded to the State Council; forest land adds the forest review.
        Assert.Equal(["land", "forest"], report.RequiredDepartments);
        Assert.Equal("national", report.RequiredLevel);
        Assert.Equal("province", report.DecidingLevel);
        Assert.True(report.ForwardToNational);
        Assert.Contains(report.Findings, f => f.StartsWith("覆盖永久基本农田 10.59 公顷", StringComparison.Ordinal));
        Assert.Contains(report.FindingsEn, f => f.Contains("10.59 ha of Permanent basic farmland", StringComparison.Ordinal));
        Assert.Equal(report.Findings.Count, report.FindingsEn.Count);
        Assert.Equal("county", report.Categories.Single(c => c.Code == BaseMapCodes.ForestLand).RequiredLevel);
    }

    [Fact]
    public async Task Parcels_report_declared_and_computed_areas()
    {
        var report = (await app.Send(new CheckBoundaryCommand(BoundaryOf("txt-zone37-gbk")))).Report;

        Assert.Equal(2, report.Boundary.Parcels.Count);
        Assert.Equal("西地块", report.Boundary.Parcels[0].Name);
        Assert.Equal(12m, report.Boundary.Parcels[0].DeclaredAreaHa);
        Assert.False(report.Boundary.Parcels[0].AreaMismatch);
        Assert.Equal(120_000m, Math.Round(report.Boundary.Parcels[0].AreaM2));
        Assert.Equal(360_000m, Math.Round(report.Boundary.AreaM2));
        Assert.Equal(4525, report.Boundary.SourceSrid);
    }

    [Fact]
    public async Task A_stored_ad_hoc_check_keeps_its_report_and_only_its_creator_and_administrators_read_it()
    {
        var applicant = new Actor(Guid.NewGuid(), "someone", Roles.Applicant, null, null, null, null);
        var result = await app.Send(new CheckBoundaryCommand(BoundaryOf("storage"), "red-line.geojson"), applicant);
        var stored = await app.Database.ScalarAsync<string>($"SELECT report::text FROM spatial_checks WHERE id = '{result.Id}'");
        Assert.Equal(result.Report.Categories.Sum(c => c.OverlapM2), ComparisonReport.FromJson(stored).Categories.Sum(c => c.OverlapM2));

        var other = applicant with { UserId = Guid.NewGuid(), Name = "other" };
        await Assert.ThrowsAsync<Application.Errors.NotFoundException>(() =>
            app.Send(new Application.SpatialChecks.GetSpatialCheck.GetSpatialCheckQuery(result.Id!.Value), other));
        var reviewer = new Actor(Guid.NewGuid(), "zezhou.land", Roles.Reviewer, "140525", Domain.Jurisdictions.JurisdictionLevel.County, Domain.Departments.Department.Land, null);
        await Assert.ThrowsAsync<Application.Errors.NotFoundException>(() =>
            app.Send(new Application.SpatialChecks.GetSpatialCheck.GetSpatialCheckQuery(result.Id!.Value), reviewer));
        var administrator = new Actor(Guid.NewGuid(), "admin", Roles.Administrator, null, null, null, null);
        Assert.Equal(result.Id, (await app.Send(new Application.SpatialChecks.GetSpatialCheck.GetSpatialCheckQuery(result.Id!.Value), administrator)).Id);
        Assert.Equal(result.Id, (await app.Send(new Application.SpatialChecks.GetSpatialCheck.GetSpatialCheckQuery(result.Id!.Value), applicant)).Id);
        await Assert.ThrowsAsync<Application.Errors.ForbiddenException>(() => app.Send(new CheckBoundaryCommand(BoundaryOf("storage")), Actor.Anonymous));
    }

    [Fact]
    public async Task List_shows_every_category_in_order_with_its_versions_and_counts()
    {
        var list = await app.Send(new ListBaseMapLayersQuery());

        Assert.Equal(BaseMapCodes.All, list.Select(c => c.Code));
        var pbf = list.Single(c => c.Code == BaseMapCodes.PermanentBasicFarmland);
        Assert.Equal(5, pbf.FeatureCount);
        Assert.NotEmpty(pbf.CurrentVersions);
        Assert.NotNull(pbf.Extent);
        Assert.Empty(list.Single(c => c.Code == BaseMapCodes.Wetland).CurrentVersions);
    }
}
