namespace Approvals.Application.Dashboard.Panels;

/// <summary>Working days spent in each stage of the cases decided in the period: acceptance, each level's review, the decision.</summary>
public sealed class TimeByStagePanel : DashboardPanel<TimeByStagePanel.Stage>
{
    public sealed record Stage(string Name, int Cases, double? Median, double? P90);

    public override string Name => "TimeByStage";
    public override int Order => 70;
    public override string Title => Text("各环节用时", "Time per stage");
    public override string? Note => Text("期间内作出决定的案件；各级审查自该级首个审查任务开始至最后一个部门意见",
        "Cases decided in the period; a level's review runs from its first review task to the last department's opinion");
    public override IReadOnlyList<string> Charted => ["median", "p90"];

    public override IReadOnlyList<PanelColumn<Stage>> Columns =>
    [
        Column("stage", "环节", "Stage", s => s.Name),
        Number("cases", "案件数", "Cases", s => s.Cases),
        .. MedianAndP90(s => s.Median, s => s.P90),
    ];

    protected override async Task<IReadOnlyList<Stage>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var s = context.Scope;
        // Metrics 1–5 of the weekly roll-up are the stages in this order (0 is the whole case).
        var rows = await context.ReadAsync<StageDays>($"""
            SELECT metric, days, sum(n)::int AS cases FROM (
                SELECT f.metric, f.days, f.n FROM dashboard_weekly_durations f
                WHERE f.metric BETWEEN 1 AND 5 AND f.week BETWEEN @w1 AND @w2 AND {s.Where}
                UNION ALL
                SELECT m.metric, m.days, 1 FROM dashboard_case_facts f
                CROSS JOIN LATERAL (VALUES (1, f.acceptance_days), (2, f.county_days), (3, f.city_days), (4, f.province_days), (5, f.decision_days)) m(metric, days)
                WHERE {s.EdgeDays} AND m.days IS NOT NULL AND {s.Where}) x
            GROUP BY 1, 2
            """, ct);
        string[] stages = [Text("受理", "Acceptance"), Text("县级审查", "County review"), Text("市级审查", "City review"),
            Text("省级审查", "Province review"), Text("作出决定", "Decision")];
        return Enumerable.Range(1, 5).Select(metric =>
        {
            var histogram = rows.Where(r => r.Metric == metric).Select(r => (r.Days, r.Cases)).ToList();
            return new Stage(stages[metric - 1], histogram.Sum(h => h.Cases), Percentiles.Of(histogram, 0.5), Percentiles.Of(histogram, 0.9));
        }).ToList();
    }

    private sealed record StageDays(int Metric, int Days, int Cases);
}
