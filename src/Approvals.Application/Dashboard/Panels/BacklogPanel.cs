using Npgsql;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Open cases by age in working days (paused time excluded): 0–10, 11–20, 21–45, over 45.</summary>
public sealed class BacklogPanel : DashboardPanel<BacklogPanel.Bucket>
{
    public sealed record Bucket(string Age, int Cases);

    public override string Name => "Backlog";
    public override int Order => 100;
    public override string Title => Text("在办案件时长分布", "Backlog ageing");
    public override string? Note => Text("自受理（未受理的自提交）起计，扣除暂停期间", "From acceptance (or submission if not yet accepted), paused time excluded");
    public override IReadOnlyList<string> Charted => ["cases"];

    public override IReadOnlyList<PanelColumn<Bucket>> Columns =>
    [
        Column("age", "已用时", "Age", b => b.Age),
        Number("cases", "案件数", "Cases", b => b.Cases),
    ];

    protected override async Task<IReadOnlyList<Bucket>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var counts = await context.ReadAsync<BucketCount>($"""
            SELECT CASE WHEN age <= 10 THEN 1 WHEN age <= 20 THEN 2 WHEN age <= 45 THEN 3 ELSE 4 END AS bucket, count(*)::int AS cases FROM (
                SELECT @todayOrdinal - f.start_ordinal - f.paused_days - coalesce(@todayOrdinal - f.paused_ordinal, 0) AS age
                FROM dashboard_case_facts f WHERE {context.Scope.Where} AND f.is_open) x
            GROUP BY 1
            """, ct, new NpgsqlParameter("todayOrdinal", await context.TodayOrdinalAsync(ct)));
        string[] buckets = [Text("0–10 个工作日", "0–10 working days"), Text("11–20 个工作日", "11–20 working days"),
            Text("21–45 个工作日", "21–45 working days"), Text("45 个工作日以上", "Over 45 working days")];
        return Enumerable.Range(1, 4).Select(b => new Bucket(buckets[b - 1], counts.FirstOrDefault(c => c.Bucket == b)?.Cases ?? 0)).ToList();
    }

    private sealed record BucketCount(int Bucket, int Cases);
}
