using Approvals.Application.Dashboard.GetDashboardPanel;

namespace Approvals.Application.Dashboard;

/// <summary>
/// The dashboard's period and weeks. Weeks as the dashboard counts them: Monday to Sunday. A period is read from the weekly roll-up for the whole weeks
/// inside it and from the per-case facts for the days at either edge.
/// </summary>
public static class DashboardWeeks
{
    /// <summary>The period a filter covers: as given, or by default the twelve months up to today.</summary>
    public static (DateOnly From, DateOnly To) Period(DashboardFilter filter, DateOnly today) =>
        (filter.From ?? today.AddMonths(-12).AddDays(1), filter.To ?? today);

    /// <summary>The Monday of <paramref name="day"/>'s week.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>
    /// The first and last whole week (their Mondays) between <paramref name="from"/> and <paramref name="to"/>, and the
    /// edges around them (EdgeBefore: the last day before the first whole week; EdgeAfter: the first day after the last);
    /// when no whole week fits, an empty week range and the whole period as edge.
    /// </summary>
    public static (DateOnly FirstWeek, DateOnly LastWeek, DateOnly EdgeBefore, DateOnly EdgeAfter) Split(DateOnly from, DateOnly to)
    {
        var firstWeek = from.AddDays((7 - ((int)from.DayOfWeek + 6) % 7) % 7);
        var lastWeek = to.AddDays(-(((int)to.DayOfWeek + 6) % 7)).AddDays(to.DayOfWeek == DayOfWeek.Sunday ? 0 : -7);
        return firstWeek <= lastWeek
            ? (firstWeek, lastWeek, firstWeek.AddDays(-1), lastWeek.AddDays(7))
            : (to.AddDays(1), from.AddDays(-1), to, to.AddDays(1));
    }
}
