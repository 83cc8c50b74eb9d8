namespace Approvals.Application.Dashboard;

/// <summary>The panels of the supervisor dashboard; each answers with one table (the chart beside it draws the same numbers).</summary>
public enum DashboardPanel
{
    /// <summary>Cases received and decided per week.</summary>
    Weekly = 1,
    /// <summary>Open cases now, by where they stand.</summary>
    OpenNow,
    /// <summary>Working days from acceptance to decision (paused time excluded): median and 90th percentile by deciding level.</summary>
    TimeByLevel,
    TimeByDepartment,
    TimeByCounty,
    TimeByUseType,
    /// <summary>Working days spent in each stage: acceptance, each level's review, the decision.</summary>
    TimeByStage,
    /// <summary>Share decided within the statutory limit and within the extended limit, by county.</summary>
    Deadlines,
    /// <summary>Clock pauses by reason, and how long they lasted.</summary>
    Pauses,
    /// <summary>Open cases by age in working days: 0–10, 11–20, 21–45, over 45.</summary>
    Backlog,
    /// <summary>Tasks past their due date now, with who holds them.</summary>
    OverdueTasks,
    /// <summary>Tasks completed in the period and open now, per person.</summary>
    WorkloadByReviewer,
    WorkloadByDepartment,
    /// <summary>Cases hitting each of the base-map categories, and the area involved.</summary>
    SpatialConflicts,
}

/// <summary>A column: its key (CSV header in English tools, JSON), its label in the reader's language, and whether it holds numbers.</summary>
public sealed record DashboardColumn(string Key, string Label, bool Numeric = false);

/// <summary>
/// One panel's numbers as a table. <see cref="Links"/> holds, per row, where the row leads (a case), or null.
/// <see cref="Chart"/> says how the page draws it (bar, line, none).
/// </summary>
public sealed record DashboardTable(
    DashboardPanel Panel,
    string Title,
    string Chart,
    IReadOnlyList<DashboardColumn> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyList<string?>? Links = null,
    string? Note = null);
