using Approvals.Application.Rules;
using Npgsql;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Share of the cases decided in the period within the statutory limit and within the extended limit, by county.</summary>
public sealed class DeadlinesPanel(RulesBook book) : DashboardPanel<DeadlinesPanel.County>
{
    public sealed record County(string Name, int Decided, double? WithinStatutory, int Extended, double? WithinExtended);

    public override string Name => "Deadlines";
    public override int Order => 80;
    public override string Title => Text("按期办结率", "Decided within the time limit");
    public override IReadOnlyList<string> Charted => ["withinStatutory", "withinExtended"];

    public override IReadOnlyList<PanelColumn<County>> Columns =>
    [
        Column("county", "县", "County", c => c.Name),
        Number("decided", "已决定案件", "Decided cases", c => c.Decided),
        Number("withinStatutory", $"法定期限内（{book.Current.TimeLimits.WholeCase} 个工作日）%", $"Within the statutory limit ({book.Current.TimeLimits.WholeCase} working days) %", c => c.WithinStatutory),
        Number("extended", "延长期限的案件", "Cases extended", c => c.Extended),
        Number("withinExtended", "适用期限内（含延长）%", "Within the applicable limit (with extension) %", c => c.WithinExtended),
    ];

    protected override async Task<IReadOnlyList<County>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var s = context.Scope;
        var limits = book.Current.TimeLimits;
        var counts = await context.ReadAsync<CountyCounts>($"""
            SELECT county_code, sum(n)::int AS decided,
                   coalesce(sum(n) FILTER (WHERE days <= @limit), 0)::int AS within_statutory,
                   coalesce(sum(n) FILTER (WHERE extended), 0)::int AS extended,
                   coalesce(sum(n) FILTER (WHERE days <= @limit + CASE WHEN extended THEN @extension ELSE 0 END), 0)::int AS within_extended
            FROM (
                SELECT f.county_code, f.days, f.extended, f.n FROM dashboard_weekly_durations f
                WHERE f.metric = 0 AND f.week BETWEEN @w1 AND @w2 AND {s.Where}
                UNION ALL
                SELECT f.county_code, f.days_to_decision, f.extended, 1 FROM dashboard_case_facts f
                WHERE {s.EdgeDays} AND f.days_to_decision IS NOT NULL AND {s.Where}) x
            GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1
            """, ct, new NpgsqlParameter("limit", limits.WholeCase), new NpgsqlParameter("extension", limits.Extension.Days));
        var rows = counts.Select(c => Row(context.JurisdictionName(c.CountyCode), c)).ToList();
        if (counts.Count > 1)
            rows.Add(Row(Text("合计", "Total"), new CountyCounts("", counts.Sum(c => c.Decided), counts.Sum(c => c.WithinStatutory),
                counts.Sum(c => c.Extended), counts.Sum(c => c.WithinExtended))));
        return rows;

        static County Row(string name, CountyCounts c) =>
            new(name, c.Decided, DashboardFormat.Share(c.WithinStatutory, c.Decided), c.Extended, DashboardFormat.Share(c.WithinExtended, c.Decided));
    }

    private sealed record CountyCounts(string CountyCode, int Decided, int WithinStatutory, int Extended, int WithinExtended);
}
