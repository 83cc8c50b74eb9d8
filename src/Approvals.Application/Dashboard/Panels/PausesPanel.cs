namespace Approvals.Application.Dashboard.Panels;

/// <summary>Clock pauses that began in the period, by reason: how many, how many go on, and how long they lasted.</summary>
public sealed class PausesPanel : DashboardPanel<PausesPanel.Reason>
{
    public sealed record Reason(string Name, int Cases, int Pauses, int Ongoing, double? Median, double? P90, long Total);

    public override string Name => "Pauses";
    public override int Order => 90;
    public override string Title => Text("暂停计时（按原因）", "Clock paused, by reason");
    public override string? Note => Text("期间内开始的暂停；仍在暂停的计至今日", "Pauses that began in the period; ongoing ones count up to today");
    public override IReadOnlyList<string> Charted => ["median", "p90"];

    public override IReadOnlyList<PanelColumn<Reason>> Columns =>
    [
        Column("reason", "原因", "Reason", r => r.Name),
        Number("cases", "案件数", "Cases", r => r.Cases),
        Number("pauses", "暂停次数", "Pauses", r => r.Pauses),
        Number("ongoing", "仍在暂停", "Still paused", r => r.Ongoing),
        .. MedianAndP90(r => r.Median, r => r.P90),
        Number("total", "合计（工作日）", "Total (working days)", r => r.Total),
    ];

    protected override async Task<IReadOnlyList<Reason>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var where = context.Scope.Where;
        // Rows come per (reason, length): the lengths make the median and 90th percentile of each reason.
        var lengths = await context.ReadAsync<PauseLength>($"""
            SELECT f.reason,
                   coalesce(f.working_days, (SELECT t.ordinal FROM dashboard_calendar t WHERE t.day = @today) - (SELECT t.ordinal FROM dashboard_calendar t WHERE t.day = f.from_on - 1)) AS days,
                   count(*)::int AS pauses
            FROM dashboard_pause_facts f
            WHERE {where} AND f.from_on BETWEEN @from AND @to
            GROUP BY f.reason, days
            """, ct);
        var counts = await context.ReadAsync<ReasonCounts>($"""
            SELECT f.reason, count(DISTINCT f.case_id)::int AS cases, count(*)::int AS pauses, count(*) FILTER (WHERE f.to_on IS NULL)::int AS ongoing
            FROM dashboard_pause_facts f
            WHERE {where} AND f.from_on BETWEEN @from AND @to
            GROUP BY f.reason ORDER BY 2 DESC
            """, ct);
        return counts.Select(c =>
        {
            var histogram = lengths.Where(l => l.Reason == c.Reason).Select(l => (l.Days ?? 0, l.Pauses)).ToList();
            return new Reason(Cases.PauseReasons.Name(c.Reason), c.Cases, c.Pauses, c.Ongoing,
                Percentiles.Of(histogram, 0.5), Percentiles.Of(histogram, 0.9), histogram.Sum(h => (long)h.Item1 * h.Item2));
        }).ToList();
    }

    private sealed record PauseLength(string Reason, int? Days, int Pauses);

    private sealed record ReasonCounts(string Reason, int Cases, int Pauses, int Ongoing);
}
