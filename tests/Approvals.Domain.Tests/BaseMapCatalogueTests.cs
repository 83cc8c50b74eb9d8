using System.Text.Json.Nodes;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Domain.Tests;

public class BaseMapCatalogueTests
{
    [Fact]
    public void The_catalogue_has_DOMAINs_fifteen_categories_in_order_with_their_departments_and_levels()
    {
        var expected = new (string Code, string Name, Department Department, JurisdictionLevel Level)[]
        {
            ("PBF", "永久基本农田", Department.Land, JurisdictionLevel.Province),
            ("EPR", "生态保护红线", Department.Land, JurisdictionLevel.Province),
            ("NRS", "自然保护区", Department.Forest, JurisdictionLevel.Province),
            ("NPK", "自然公园（风景名胜区、森林公园、地质公园、湿地公园）", Department.Forest, JurisdictionLevel.Province),
            ("UDB", "城镇开发边界", Department.Land, JurisdictionLevel.County),
            ("LUZ", "国土空间规划用途分区", Department.Land, JurisdictionLevel.County),
            ("CUL", "耕地（现状）", Department.Land, JurisdictionLevel.City),
            ("PWF", "公益林（国家级、省级）", Department.Forest, JurisdictionLevel.Province),
            ("FOR", "林地（保护等级Ⅰ–Ⅳ）", Department.Forest, JurisdictionLevel.County),
            ("BGR", "基本草原", Department.Grassland, JurisdictionLevel.Province),
            ("WET", "湿地（重要湿地）", Department.Forest, JurisdictionLevel.Province),
            ("MRT", "矿业权（探矿权、采矿权）", Department.Mineral, JurisdictionLevel.City),
            ("IMD", "重要矿产资源压覆范围", Department.Mineral, JurisdictionLevel.Province),
            ("GHZ", "地质灾害易发区、隐患点", Department.Land, JurisdictionLevel.County),
            ("DWS", "饮用水水源保护区", Department.Land, JurisdictionLevel.City),
        };

        var categories = WorkflowsFolder.Catalogue.Categories;

        Assert.Equal(expected.Select(e => e.Code), categories.Select(c => c.Code));
        Assert.Equal(expected.Select(e => e.Name), categories.Select(c => c.Name));
        Assert.Equal(expected.Select(e => e.Department), categories.Select(c => c.Department));
        Assert.Equal(expected.Select(e => e.Level), categories.Select(c => c.RequiredLevel));
        Assert.Equal(Enumerable.Range(1, 15), categories.Select(c => c.Order));
        Assert.All(categories, c => Assert.False(string.IsNullOrWhiteSpace(c.NameEn + c.Effect + c.EffectEn)));
    }

    [Fact]
    public void Forest_land_takes_its_level_from_the_area_and_only_PBF_forwards_to_the_State_Council()
    {
        var catalogue = WorkflowsFolder.Catalogue;

        Assert.Equal(["FOR"], catalogue.Categories.Where(c => c.LevelBasis == BaseMapLevelBasis.ForestArea).Select(c => c.Code));
        var forwarding = Assert.Single(catalogue.Categories, c => c.ForwardsToNational);
        Assert.Equal("PBF", forwarding.Code);
        Assert.Equal("国务院", forwarding.NationalAuthority);
    }

    [Fact]
    public void A_duplicate_code_is_refused_at_load()
    {
        var json = Edit(root => root["categories"]!.AsArray()[1]!["code"] = "PBF");
        var error = Assert.Throws<InvalidDataException>(() => BaseMapCatalogue.Parse(json));
        Assert.Contains("duplicate category code 'PBF'", error.Message);
    }

    [Fact]
    public void An_unknown_department_is_refused_at_load()
    {
        var json = Edit(root => root["categories"]!.AsArray()[3]!["department"] = "fisheries");
        var error = Assert.Throws<InvalidDataException>(() => BaseMapCatalogue.Parse(json));
        Assert.Contains("NPK", error.Message);
        Assert.Contains("unknown department 'fisheries'", error.Message);
    }

    [Fact]
    public void A_missing_category_is_refused_at_load()
    {
        var json = Edit(root =>
        {
            var categories = root["categories"]!.AsArray();
            categories.RemoveAt(14); // DWS, the last: the order stays 1..14
        });
        var error = Assert.Throws<InvalidDataException>(() => BaseMapCatalogue.Parse(json));
        Assert.Contains("missing category 'DWS'", error.Message);
    }

    [Fact]
    public void A_category_without_a_level_is_refused_at_load()
    {
        var json = Edit(root => root["categories"]!.AsArray()[6]!.AsObject().Remove("level"));
        var error = Assert.Throws<InvalidDataException>(() => BaseMapCatalogue.Parse(json));
        Assert.Contains("CUL", error.Message);
        Assert.Contains("'level' is required", error.Message);
    }

    private static string Edit(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(WorkflowsFolder.File(BaseMapCatalogue.FileName)))!;
        change(root);
        return root.ToJsonString();
    }
}
