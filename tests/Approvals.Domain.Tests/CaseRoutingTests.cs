using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;
using static Approvals.Domain.Jurisdictions.JurisdictionLevel;

namespace Approvals.Domain.Tests;

public class CaseRoutingTests
{
    private static readonly CaseRouting Routing = WorkflowsFolder.Routing;

    private static Area Ha(decimal hectares) => Area.FromHectares(hectares);

    private static RoutingDecision Decide(params UseRequest[] uses) => Routing.Decide(new CaseRoutingInput(uses, []));

    private static RoutingDecision Decide(UseRequest[] uses, params SpatialHit[] hits) => Routing.Decide(new CaseRoutingInput(uses, hits));

    [Fact]
    public void A_land_only_county_project_without_hits_is_decided_at_the_county()
    {
        var decision = Decide(new LandUseRequest(County));

        Assert.Equal(County, decision.DecidingLevel);
        Assert.Equal([County], decision.Chain);
        Assert.Empty(decision.FirstReviewLevels);
        Assert.Equal([Department.Land], decision.RequiredDepartments);
        Assert.False(decision.ForwardToNational);
        Assert.False(decision.IsProhibited);
        Assert.Empty(decision.Findings);
    }

    [Fact]
    public void Land_is_reviewed_at_the_level_that_approves_the_project()
    {
        Assert.Equal(City, Decide(new LandUseRequest(City)).DecidingLevel);
        Assert.Equal(Province, Decide(new LandUseRequest(Province)).DecidingLevel);
    }

    [Fact]
    public void A_nationally_approved_project_is_reviewed_by_the_province_and_forwarded_to_the_ministry()
    {
        var decision = Decide(new LandUseRequest(National, NationalKeyProjectKind.Transport));

        Assert.Equal(National, decision.RequiredLevel);
        Assert.Equal(Province, decision.DecidingLevel);
        Assert.True(decision.ForwardToNational);
        Assert.Contains("自然资源部", Assert.Single(decision.ForwardReasons).Zh);
    }

    [Fact]
    public void A_PBF_hit_raises_the_case_to_the_province_and_flags_forwarding_to_the_State_Council()
    {
        var decision = Decide(
            [new LandUseRequest(City, NationalKeyProjectKind.Transport)],
            new SpatialHit("PBF", Area.FromSquareMetres(32_100m)));

        Assert.Equal(Province, decision.DecidingLevel);
        Assert.Equal([County, City, Province], decision.Chain);
        Assert.True(decision.ForwardToNational);
        var reason = Assert.Single(decision.ForwardReasons);
        Assert.Equal("覆盖永久基本农田 3.21 公顷，需报省级审查并转报国务院", reason.Zh);
        Assert.Contains("State Council", reason.En);
        Assert.False(decision.IsProhibited); // a national key (transport) project may, when it cannot avoid the farmland
    }

    [Fact]
    public void A_PBF_hit_without_a_national_key_project_is_prohibited()
    {
        var decision = Decide([new LandUseRequest(County)], new SpatialHit("PBF", Ha(0.5m)));

        Assert.True(decision.IsProhibited);
        var finding = Assert.Single(decision.Findings);
        Assert.Equal(FindingSeverity.Prohibited, finding.Severity);
        Assert.Equal("PBF", finding.CategoryCode);
    }

    [Fact]
    public void An_EPR_hit_raises_land_to_the_province_without_forwarding()
    {
        var decision = Decide([new LandUseRequest(County)], new SpatialHit("EPR", Ha(0.2m)));

        Assert.Equal(Province, decision.DecidingLevel);
        Assert.False(decision.ForwardToNational);
        Assert.Equal(FindingSeverity.Condition, Assert.Single(decision.Findings).Severity);
    }

    [Theory]
    [InlineData(1.5, ForestKind.TimberEconomicOrFuel, County)]
    [InlineData(1.99, ForestKind.Other, County)]
    [InlineData(2, ForestKind.Other, City)]
    [InlineData(5, ForestKind.TimberEconomicOrFuel, City)]
    [InlineData(9.99, ForestKind.ProtectionOrSpecialUse, City)]
    [InlineData(10, ForestKind.TimberEconomicOrFuel, Province)]
    [InlineData(12, ForestKind.Other, Province)]
    [InlineData(34.99, ForestKind.TimberEconomicOrFuel, Province)]
    [InlineData(69.99, ForestKind.Other, Province)]
    [InlineData(10, ForestKind.ProtectionOrSpecialUse, National)]
    [InlineData(12, ForestKind.ProtectionOrSpecialUse, National)]
    [InlineData(35, ForestKind.TimberEconomicOrFuel, National)]
    [InlineData(70, ForestKind.Other, National)]
    public void Permanent_forest_use_is_decided_by_area_and_kind(double hectares, ForestKind kind, JurisdictionLevel expected)
    {
        var decision = Decide(new ForestUseRequest(Ha((decimal)hectares), kind, ForestUseTerm.Permanent));

        Assert.Equal(expected, decision.RequiredLevel);
        Assert.Equal(expected == National ? Province : expected, decision.DecidingLevel);
        Assert.Equal(expected == National, decision.ForwardToNational);
    }

    [Fact]
    public void Twelve_hectares_of_protection_forest_is_forwarded_by_the_province_to_the_national_forestry_administration()
    {
        var decision = Decide(new ForestUseRequest(Ha(12), ForestKind.ProtectionOrSpecialUse));

        Assert.Equal(Province, decision.DecidingLevel);
        Assert.True(decision.ForwardToNational);
        Assert.Equal("永久使用防护林或特种用途林地 12.00 公顷，需报省级审查并转报国家林业和草原局", Assert.Single(decision.ForwardReasons).Zh);
    }

    [Theory]
    [InlineData(1.9, ForestKind.Other, County)]
    [InlineData(2, ForestKind.Other, City)]
    [InlineData(4.99, ForestKind.ProtectionOrSpecialUse, City)]
    [InlineData(5, ForestKind.ProtectionOrSpecialUse, National)]
    [InlineData(9.99, ForestKind.TimberEconomicOrFuel, City)]
    [InlineData(10, ForestKind.TimberEconomicOrFuel, Province)]
    [InlineData(19.99, ForestKind.Other, Province)]
    [InlineData(20, ForestKind.Other, National)]
    [InlineData(20, ForestKind.TimberEconomicOrFuel, National)]
    public void Temporary_forest_use_has_its_own_thresholds(double hectares, ForestKind kind, JurisdictionLevel expected)
    {
        var decision = Decide(new ForestUseRequest(Ha((decimal)hectares), kind, ForestUseTerm.Temporary));

        Assert.Equal(expected, decision.RequiredLevel);
    }

    [Fact]
    public void Temporary_use_of_12_hectares_of_protection_forest_is_national_where_permanent_timber_use_would_be_provincial()
    {
        Assert.Equal(National, Decide(new ForestUseRequest(Ha(12), ForestKind.ProtectionOrSpecialUse, ForestUseTerm.Temporary)).RequiredLevel);
        Assert.Equal(Province, Decide(new ForestUseRequest(Ha(12), ForestKind.TimberEconomicOrFuel, ForestUseTerm.Temporary)).RequiredLevel);
    }

    [Fact]
    public void Grassland_above_70_hectares_is_national_and_forwarded_otherwise_provincial()
    {
        var large = Decide(new GrasslandUseRequest(Ha(80), IsBasicGrassland: false));
        Assert.Equal(National, large.RequiredLevel);
        Assert.Equal(Province, large.DecidingLevel);
        Assert.True(large.ForwardToNational);
        Assert.Contains("国家林业和草原局", Assert.Single(large.ForwardReasons).Zh);

        Assert.Equal(Province, Decide(new GrasslandUseRequest(Ha(70), false)).RequiredLevel);
        Assert.Equal(Province, Decide(new GrasslandUseRequest(Ha(1), false)).RequiredLevel);
    }

    [Fact]
    public void Basic_grassland_is_open_only_to_national_key_projects()
    {
        Assert.True(Decide([new GrasslandUseRequest(Ha(3), false)], new SpatialHit("BGR", Ha(3))).IsProhibited);
        Assert.True(Decide(new GrasslandUseRequest(Ha(3), IsBasicGrassland: true)).IsProhibited);

        var keyProject = Decide(
            [new LandUseRequest(Province, NationalKeyProjectKind.Water), new GrasslandUseRequest(Ha(3), true)],
            new SpatialHit("BGR", Ha(3)));
        Assert.False(keyProject.IsProhibited);
    }

    [Theory]
    [InlineData("稀土", National)]
    [InlineData("REE", National)]
    [InlineData("钨", National)]
    [InlineData("coal", Province)]
    [InlineData("煤", Province)]
    [InlineData("萤石", Province)]
    [InlineData("石灰岩", City)]
    [InlineData("limestone", City)]
    [InlineData("砖瓦用粘土", County)]
    [InlineData("brick clay", County)]
    [InlineData("小型河道砂石", County)]
    public void Minerals_are_decided_by_the_level_whose_list_names_them(string mineral, JurisdictionLevel expected)
    {
        Assert.Equal(expected, Decide(new MineralUseRequest(mineral)).RequiredLevel);
    }

    [Fact]
    public void Rare_earths_go_to_the_ministry_through_the_province()
    {
        var decision = Decide(new MineralUseRequest("稀土"));

        Assert.Equal(Province, decision.DecidingLevel);
        Assert.True(decision.ForwardToNational);
        Assert.Contains("自然资源部", Assert.Single(decision.ForwardReasons).Zh);
    }

    [Fact]
    public void A_land_only_application_covering_3_hectares_of_forest_land_gets_a_forest_review_at_city_level()
    {
        var decision = Decide([new LandUseRequest(County)], new SpatialHit("FOR", Ha(3)));

        Assert.Equal([Department.Land, Department.Forest], decision.RequiredDepartments);
        Assert.Equal([Department.Forest], decision.AddedDepartments);
        var forest = Assert.Single(decision.Departments, d => d.Department == Department.Forest);
        Assert.False(forest.Requested);
        Assert.Equal(City, forest.RequiredLevel);
        Assert.Equal(City, decision.DecidingLevel);
        Assert.Equal([County, City], decision.Chain);
        Assert.Contains(decision.Reasons, r => r.Zh.Contains("增加林业审查", StringComparison.Ordinal));
    }

    [Fact]
    public void The_deciding_level_is_explained_by_what_requires_it_and_each_hit_keeps_its_own_level()
    {
        // A provincially approved project over a geological-hazard zone (a county matter) and 3 ha of forest land (city).
        var decision = Decide([new LandUseRequest(Province)], new SpatialHit("GHZ", Ha(1)), new SpatialHit("FOR", Ha(3)));

        Assert.Equal(Province, decision.DecidingLevel);
        var reason = Assert.Single(decision.LevelReasons);
        Assert.StartsWith("项目由省级审批或备案，用地同级审查", reason.Zh, StringComparison.Ordinal);
        Assert.Equal(County, decision.LevelOfCategory("GHZ"));
        Assert.Equal(City, decision.LevelOfCategory("FOR"));
        Assert.Null(decision.LevelOfCategory("PBF"));
        // The land department as a whole is at the province: that is not the hazard zone's level.
        Assert.Equal(Province, decision.Departments.Single(d => d.Department == Department.Land).RequiredLevel);
    }

    [Fact]
    public void A_deciding_level_above_the_province_is_explained_by_everything_that_reaches_the_province()
    {
        var decision = Decide([new LandUseRequest(City)], new SpatialHit("PBF", Ha(1)), new SpatialHit("EPR", Ha(1)));

        Assert.Equal(Province, decision.DecidingLevel);
        Assert.Equal(2, decision.LevelReasons.Count);
        Assert.All(decision.LevelReasons, r => Assert.StartsWith("覆盖", r.Zh, StringComparison.Ordinal));
    }

    [Fact]
    public void Covered_forest_land_larger_than_the_requested_forest_use_decides_the_forest_level()
    {
        var decision = Decide(
            [new LandUseRequest(County), new ForestUseRequest(Ha(1), ForestKind.Other)],
            new SpatialHit("FOR", Ha(12)));

        Assert.Equal(Province, decision.Departments.Single(d => d.Department == Department.Forest).RequiredLevel);
        Assert.Empty(decision.AddedDepartments);
    }

    [Fact]
    public void A_hit_in_another_departments_category_adds_that_department()
    {
        var decision = Decide([new LandUseRequest(County)], new SpatialHit("MRT", Ha(0.4m)));

        Assert.Equal([Department.Land, Department.Mineral], decision.RequiredDepartments);
        Assert.Equal([Department.Mineral], decision.AddedDepartments);
        Assert.Equal(City, decision.DecidingLevel);
    }

    [Fact]
    public void The_deciding_level_is_the_highest_any_use_requires()
    {
        var decision = Decide(
            new LandUseRequest(County),
            new ForestUseRequest(Ha(5), ForestKind.Other),
            new MineralUseRequest("coal"));

        Assert.Equal(Province, decision.DecidingLevel);
        Assert.Equal([County, City, Province], decision.Chain);
        Assert.Equal([County, City], decision.FirstReviewLevels);
        Assert.Equal(
            [(Department.Land, County), (Department.Mineral, Province), (Department.Forest, City)],
            decision.Departments.Select(d => (d.Department, d.RequiredLevel)));
        Assert.False(decision.ForwardToNational);
    }

    [Fact]
    public void The_chain_runs_from_the_county_up_to_the_deciding_level()
    {
        Assert.Equal([County, City], Decide(new LandUseRequest(City)).Chain);
        Assert.Equal([County, City, Province], Decide(new LandUseRequest(National)).Chain);
    }

    [Fact]
    public void Grade_I_forest_land_is_prohibited_and_grade_II_only_for_infrastructure_public_or_defence()
    {
        Assert.True(Decide([new LandUseRequest(County)], new SpatialHit("FOR", Ha(0.3m), ForestProtectionGrade.I)).IsProhibited);

        SpatialHit[] gradeII = [new SpatialHit("FOR", Ha(0.3m), ForestProtectionGrade.II)];
        Assert.True(Routing.Decide(new CaseRoutingInput([new LandUseRequest(County)], gradeII)).IsProhibited);
        Assert.False(Routing.Decide(new CaseRoutingInput([new LandUseRequest(County)], gradeII, IsInfrastructurePublicOrDefence: true)).IsProhibited);

        Assert.False(Decide([new LandUseRequest(County)], new SpatialHit("FOR", Ha(0.3m), ForestProtectionGrade.III)).IsProhibited);
    }

    [Fact]
    public void Forest_hits_of_several_grades_add_up_for_the_area_rule()
    {
        var decision = Decide(
            [new LandUseRequest(County)],
            new SpatialHit("FOR", Ha(1.2m), ForestProtectionGrade.III),
            new SpatialHit("FOR", Ha(1.3m), ForestProtectionGrade.IV));

        Assert.Equal(City, decision.DecidingLevel); // 2.5 ha together, though each part is under 2 ha
    }

    [Fact]
    public void A_nature_reserve_hit_is_prohibited_in_the_core_zone_and_otherwise_needs_the_province()
    {
        var core = Decide([new LandUseRequest(County)], new SpatialHit("NRS", Ha(1), Attributes: new Dictionary<string, string> { ["功能区"] = "核心区" }));
        Assert.True(core.IsProhibited);

        var buffer = Decide([new LandUseRequest(County)], new SpatialHit("NRS", Ha(1), Attributes: new Dictionary<string, string> { ["功能区"] = "实验区" }));
        Assert.False(buffer.IsProhibited);
        Assert.Equal(Province, buffer.DecidingLevel);
        Assert.Equal([Department.Forest], buffer.AddedDepartments);
    }

    [Fact]
    public void Routing_refuses_a_case_without_uses_and_an_unknown_category()
    {
        Assert.Throws<ArgumentException>(() => Routing.Decide(new CaseRoutingInput([], [])));
        var error = Assert.Throws<ArgumentException>(() => Decide([new LandUseRequest(County)], new SpatialHit("XYZ", Ha(1))));
        Assert.Contains("XYZ", error.Message);
    }
}

public class ForestLevelTests
{
    [Fact]
    public void National_thresholds_apply_per_forest_kind_and_delegation_to_the_total()
    {
        var permanent = WorkflowsFolder.Rules.Forest.Permanent;
        var mixed = new Dictionary<ForestKind, Area>
        {
            [ForestKind.ProtectionOrSpecialUse] = Area.FromHectares(9),
            [ForestKind.Other] = Area.FromHectares(9),
        };

        Assert.Equal(Province, permanent.LevelFor(mixed)); // 18 ha in all, no kind at its national threshold
        mixed[ForestKind.ProtectionOrSpecialUse] = Area.FromHectares(10);
        Assert.Equal(National, permanent.LevelFor(mixed));
    }
}
