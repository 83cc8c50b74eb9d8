using Approvals.Domain.Calendar;

namespace Approvals.Domain.Tests;

public class TimeLimitsTests
{
    private static readonly TimeLimits Limits = TimeLimits.Load(WorkflowsFolder.File(TimeLimits.FileName));

    [Fact]
    public void The_shipped_limits_are_DOMAINs_defaults()
    {
        Assert.Equal(5, Limits.Acceptance);
        Assert.Equal(20, Limits.LevelReview);
        Assert.Equal(20, Limits.FirstReview);
        Assert.Equal(45, Limits.WholeCase);
        Assert.Equal(10, Limits.DocumentIssue);
        Assert.Equal(new ExtensionRule(15, 1, true), Limits.Extension);
        Assert.Equal(0.8m, Limits.ReminderAtFraction);
    }

    [Fact]
    public void The_whole_case_may_be_extended_once_by_15_days()
    {
        Assert.Equal(45, Limits.WholeCaseWith(0));
        Assert.Equal(60, Limits.WholeCaseWith(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Limits.WholeCaseWith(2));
    }

    [Fact]
    public void The_reminder_falls_at_80_percent_of_the_limit()
    {
        Assert.Equal(16, Limits.ReminderAfter(20));
        Assert.Equal(36, Limits.ReminderAfter(45));
        Assert.Equal(4, Limits.ReminderAfter(5));
    }

    [Fact]
    public void A_non_positive_limit_is_refused_at_load()
    {
        var json = File.ReadAllText(WorkflowsFolder.File(TimeLimits.FileName)).Replace("\"acceptance\": 5", "\"acceptance\": 0", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => TimeLimits.Parse(json));
        Assert.Contains("acceptance", error.Message);
    }
}
