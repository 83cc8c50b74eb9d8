using System.Text.Json.Nodes;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Tests;

public class RoutingRulesTests
{
    [Fact]
    public void The_shipped_rules_hold_DOMAINs_default_thresholds()
    {
        var rules = WorkflowsFolder.Rules;

        Assert.Equal(JurisdictionLevel.County, rules.EntryLevel);
        Assert.Equal(JurisdictionLevel.Province, rules.SystemTopLevel);
        Assert.Equal(10m, rules.Forest.Permanent.NationalAtLeastHectares[ForestKind.ProtectionOrSpecialUse]);
        Assert.Equal(35m, rules.Forest.Permanent.NationalAtLeastHectares[ForestKind.TimberEconomicOrFuel]);
        Assert.Equal(70m, rules.Forest.Permanent.NationalAtLeastHectares[ForestKind.Other]);
        Assert.Equal(5m, rules.Forest.Temporary.NationalAtLeastHectares[ForestKind.ProtectionOrSpecialUse]);
        Assert.Equal(20m, rules.Forest.Temporary.NationalAtLeastHectares[ForestKind.Other]);
        Assert.Equal(70m, rules.Grassland.NationalAboveHectares);
        Assert.Equal(JurisdictionLevel.City, rules.Minerals.DefaultLevel);
    }

    [Fact]
    public void A_changed_threshold_in_the_file_changes_the_routing()
    {
        // A province that keeps 2-5 ha at the city and decides from 5 ha itself.
        var json = Edit(root => root["forest"]!["permanent"]!["delegation"]!.AsArray()[1]!["belowHa"] = 5);
        var routing = new CaseRouting(WorkflowsFolder.Catalogue, RoutingRules.Parse(json));

        var decision = routing.Decide(new CaseRoutingInput([new ForestUseRequest(Measures.Area.FromHectares(6), ForestKind.Other)], []));

        Assert.Equal(JurisdictionLevel.Province, decision.DecidingLevel);
    }

    [Fact]
    public void A_delegation_whose_last_tier_is_bounded_is_refused()
    {
        var json = Edit(root => root["forest"]!["temporary"]!["delegation"]!.AsArray().RemoveAt(2));
        var error = Assert.Throws<InvalidDataException>(() => RoutingRules.Parse(json));
        Assert.Contains("forest.temporary.delegation", error.Message);
    }

    [Fact]
    public void A_mineral_on_two_lists_is_refused()
    {
        var json = Edit(root => root["minerals"]!["lists"]!.AsArray()[2]!["minerals"]!.AsArray().Add(new JsonObject { ["code"] = "coal2", ["name"] = "煤", ["nameEn"] = "coal again" }));
        var error = Assert.Throws<InvalidDataException>(() => RoutingRules.Parse(json));
        Assert.Contains("listed twice", error.Message);
    }

    [Fact]
    public void A_misspelt_property_is_refused_rather_than_ignored()
    {
        var json = Edit(root => root["grassland"]!.AsObject().Add("nationalAboveHectares", 50));
        Assert.Throws<InvalidDataException>(() => RoutingRules.Parse(json));
    }

    private static string Edit(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(WorkflowsFolder.File(RoutingRules.FileName)))!;
        change(root);
        return root.ToJsonString();
    }
}
