namespace Approvals.Application.Dashboard.Panels;

/// <summary>
/// Tasks completed in the period (from the per-person daily roll-up) and open now, per reviewer or per department.
/// A panel names the roll-up's column it groups by and the open tasks' expression for the same.
/// </summary>
public abstract class WorkloadPanel : DashboardPanel<WorkloadPanel.Holder>
{
    public sealed record Holder(string Name, int Completed, int Open, int Overdue);

    /// <summary>The column heading of the holders.</summary>
    protected abstract string HolderLabel { get; }

    /// <summary>The roll-up's column (alias <c>w</c>) and the open task's expression (alias <c>t</c>) grouped by.</summary>
    protected abstract (string RollUp, string OpenTask) KeySql { get; }

    /// <summary>A holder's name in the reader's language; the key is "" for tasks nobody holds (or no department).</summary>
    protected abstract string NameOf(string key);

    public override IReadOnlyList<string> Charted => ["completed", "open"];
    public override string? Note => Text("办结数不受用途、层级筛选影响", "Completed counts ignore the use-type and level filters");

    public override IReadOnlyList<PanelColumn<Holder>> Columns =>
    [
        new("name", HolderLabel, h => h.Name),
        Number("completed", "期间内办结任务", "Tasks completed in the period", h => h.Completed),
        Number("open", "当前待办", "Open now", h => h.Open),
        Number("overdue", "其中超期", "Of which overdue", h => h.Overdue),
    ];

    protected override async Task<IReadOnlyList<Holder>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var s = context.Scope;
        var (rollUp, openTask) = KeySql;
        // Seeing everything, unfiltered: open tasks need no join with the facts to be in scope.
        var openTasks = s.Unfiltered
            ? "FROM review_tasks t WHERE t.status = 'Open' AND t.stage <> 'Correction'"
            : $"FROM review_tasks t JOIN dashboard_case_facts f ON f.case_id = t.case_id WHERE t.status = 'Open' AND t.stage <> 'Correction' AND f.is_open AND {s.Where}";
        var rows = await context.ReadAsync<HolderCounts>($"""
            SELECT k AS key, sum(completed)::int AS completed, sum(open)::int AS open, sum(overdue)::int AS overdue FROM (
                SELECT w.{rollUp} AS k, w.completed, 0 AS open, 0 AS overdue FROM dashboard_workload w
                WHERE {s.WorkloadWhere} AND w.day BETWEEN @from AND @to
                UNION ALL
                SELECT {openTask}, 0, 1, CASE WHEN t.due_on < @today THEN 1 ELSE 0 END
                {openTasks}) x
            GROUP BY k ORDER BY 2 DESC, 1
            """, ct);
        return rows.Select(r => new Holder(NameOf(r.Key), r.Completed, r.Open, r.Overdue)).ToList();
    }

    private sealed record HolderCounts(string Key, int Completed, int Open, int Overdue);
}
