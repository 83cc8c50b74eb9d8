using Approvals.Application.Rules;

namespace Approvals.UnitTests.Rules;

/// <summary>What makes up a rules version, and what counts as a change of one.</summary>
public sealed class RulesFilesTests
{
    [Theory]
    [InlineData("routing-rules.json", true)]
    [InlineData("calendar/2027.json", true)]
    [InlineData("joint-preapproval.json", false)]
    [InlineData("calendar/2027-draft.json", false)]
    [InlineData("../routing-rules.json", false)]
    public void The_rules_files_are_the_five_rules_files_and_the_calendar_years(string name, bool isRules) =>
        Assert.Equal(isRules, RulesFiles.IsRulesFile(name));

    [Fact]
    public void A_change_lists_the_files_added_changed_or_removed_in_the_consoles_order()
    {
        var before = new Dictionary<string, string> { ["routing-rules.json"] = "{}", ["time-limits.json"] = "{}", ["calendar/2026.json"] = "{}" };
        var after = new Dictionary<string, string> { ["routing-rules.json"] = "{}", ["time-limits.json"] = "{ }", ["calendar/2027.json"] = "{}" };

        Assert.Equal(["time-limits.json", "calendar/2026.json", "calendar/2027.json"], RulesVersion.Differences(before, after));
        Assert.True(RulesVersion.Same(before, new Dictionary<string, string>(before)));
    }

    [Fact]
    public void A_set_without_a_rules_file_is_refused_naming_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => ProvinceRules.FromFiles(new Dictionary<string, string>(), "workflows"));
        Assert.StartsWith("basemap-categories.json:", error.Message);
    }
}
