namespace Approvals.Application.Dashboard.Panels;

/// <summary>
/// Working days from acceptance to decision (paused time excluded) of the cases decided in the period: how many,
/// the median and the 90th percentile per group (deciding level, department, county, use type). A panel names the
/// SQL expression it groups by (on the facts, alias <c>f</c>) and the group's name; a bit mask of several
/// departments or uses is split so that a case counts under each of them.
/// </summary>
public abstract class TimeToDecisionPanel<TKey> : DashboardPanel<TimeToDecisionPanel<TKey>.Group> where TKey : notnull
{
    public sealed record Group(string Name, int Decided, double? Median, double? P90);

    public sealed record KeyDays(TKey Key, int Days, int Cases);

    /// <summary>The column heading of the groups ("Level", "County").</summary>
    protected abstract string Dimension { get; }

    /// <summary>The SQL expression grouped by, on the facts (alias <c>f</c>).</summary>
    protected abstract string KeySql { get; }

    /// <summary>The groups a key stands for: itself, or each bit of a mask.</summary>
    protected virtual IEnumerable<TKey> Split(TKey key) => [key];

    /// <summary>A group's name in the reader's language.</summary>
    protected abstract string NameOf(TKey key, DashboardContext context);

    public override IReadOnlyList<string> Charted => ["median", "p90"];
    public override string? Note => Text("自受理至作出决定，扣除补正等暂停期间", "From acceptance to decision, paused time excluded");

    public override IReadOnlyList<PanelColumn<Group>> Columns =>
    [
        new("group", Dimension, g => g.Name),
        Number("decided", "已决定案件", "Decided cases", g => g.Decided),
        .. MedianAndP90(g => g.Median, g => g.P90),
    ];

    protected override async Task<IReadOnlyList<Group>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var s = context.Scope;
        // Whole weeks from the weekly roll-up, the days at the period's edges from the facts.
        var rows = await context.ReadAsync<KeyDays>($"""
            SELECT k AS key, days, sum(n)::int AS cases FROM (
                SELECT {KeySql} AS k, f.days, f.n FROM dashboard_weekly_durations f
                WHERE f.metric = 0 AND f.week BETWEEN @w1 AND @w2 AND {s.Where}
                UNION ALL
                SELECT {KeySql}, f.days_to_decision, 1 FROM dashboard_case_facts f
                WHERE {s.EdgeDays} AND f.days_to_decision IS NOT NULL AND {s.Where}) x
            GROUP BY 1, 2
            """, ct);
        return rows.SelectMany(r => Split(r.Key).Select(k => r with { Key = k }))
            .GroupBy(r => r.Key).Where(g => g.Sum(r => r.Cases) > 0).OrderBy(g => g.Key)
            .Select(g =>
            {
                var histogram = g.Select(r => (r.Days, r.Cases)).ToList();
                return new Group(NameOf(g.Key, context), histogram.Sum(h => h.Cases), Percentiles.Of(histogram, 0.5), Percentiles.Of(histogram, 0.9));
            }).ToList();
    }
}
