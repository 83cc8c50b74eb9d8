namespace Approvals.Application.Dashboard.Panels;

/// <summary>Cases received and decided per week (weeks with neither left out).</summary>
public sealed class WeeklyPanel : DashboardPanel<WeeklyPanel.Week>
{
    public sealed record Week(DateOnly Starting, int Received, int Decided);

    public override string Name => "Weekly";
    public override int Order => 10;
    public override string Title => Text("每周收件与办结", "Cases received and decided per week");
    public override DashboardChart Chart => DashboardChart.Line;
    public override IReadOnlyList<string> Charted => ["received", "decided"];

    public override IReadOnlyList<PanelColumn<Week>> Columns =>
    [
        Column("week", "周（起始日）", "Week (starting)", w => DashboardFormat.Date(w.Starting)),
        Number("received", "收件", "Received", w => w.Received),
        Number("decided", "作出决定", "Decided", w => w.Decided),
    ];

    protected override async Task<IReadOnlyList<Week>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        // From the daily roll-up (a few hundred rows a day at most); the weeks are summed here.
        var days = await context.ReadAsync<DayCounts>($"""
            SELECT f.day, sum(f.received)::int AS received, sum(f.decided)::int AS decided FROM dashboard_daily f
            WHERE {context.Scope.Where} AND f.day BETWEEN @from AND @to GROUP BY f.day
            """, ct);
        return days.GroupBy(d => DashboardWeeks.WeekOf(d.Day)).OrderBy(g => g.Key)
            .Select(g => new Week(g.Key, g.Sum(d => d.Received), g.Sum(d => d.Decided)))
            .Where(w => (w.Received, w.Decided) != (0, 0)).ToList();
    }

    private sealed record DayCounts(DateOnly Day, int Received, int Decided);
}
