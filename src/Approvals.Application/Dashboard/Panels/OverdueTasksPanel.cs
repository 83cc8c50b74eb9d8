using Approvals.Application.Localization;
using Approvals.Domain.Departments;
using Approvals.Domain.Naming;
using Npgsql;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Review tasks past their due date now, with who holds them; each row leads to its case.</summary>
public sealed class OverdueTasksPanel : DashboardPanel<OverdueTasksPanel.LateTask>
{
    public sealed record LateTask(Guid CaseId, string Case, string Project, string Task, string HeldAt, string HeldBy, DateOnly Due, int Overdue);

    public override string Name => "OverdueTasks";
    public override int Order => 110;
    public override string Title => Text("当前超期任务", "Overdue tasks now");
    public override string? Note => Text("最多列出 500 项，最早到期的在前", "At most 500, the earliest due first");
    public override DashboardChart Chart => DashboardChart.None;
    public override bool Sortable => true;
    protected override bool LinksRows => true;
    protected override string? LinkOf(LateTask row) => $"/cases/{row.CaseId}";

    public override IReadOnlyList<PanelColumn<LateTask>> Columns =>
    [
        Column("case", "案件编号", "Case", t => t.Case),
        Column("project", "项目", "Project", t => t.Project),
        Column("task", "任务", "Task", t => t.Task),
        Column("jurisdiction", "办理机关", "Held at", t => t.HeldAt),
        Column("holder", "承办人", "Held by", t => t.HeldBy),
        Column("due", "办理期限", "Due", t => DashboardFormat.Date(t.Due)),
        Number("overdue", "超期（工作日）", "Overdue (working days)", t => t.Overdue),
    ];

    protected override async Task<IReadOnlyList<LateTask>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        // A task is late from the day after its due date. Counted in working days that is 0 while only rest days have
        // passed (due on a Friday, seen on the weekend; due before a holiday), so a late task counts at least one.
        var rows = await context.ReadAsync<OverdueRow>($"""
            SELECT c.id AS case_id, c.number, c.project_name, t.name AS task, t.jurisdiction_code, t.department, t.assignee_name, t.due_on,
                   greatest(1, @todayOrdinal - (SELECT ordinal FROM dashboard_calendar WHERE day = t.due_on)) AS overdue
            FROM review_tasks t JOIN dashboard_case_facts f ON f.case_id = t.case_id JOIN cases c ON c.id = t.case_id
            WHERE t.status = 'Open' AND t.stage <> 'Correction' AND t.due_on < @today AND f.is_open AND {context.Scope.Where}
            ORDER BY t.due_on, c.number LIMIT 500
            """, ct, new NpgsqlParameter("todayOrdinal", await context.TodayOrdinalAsync(ct)));
        var unclaimed = Bilingual.Text("（未签收）", "(unclaimed)");
        return rows.Select(r => new LateTask(r.CaseId, r.Number, r.ProjectName, r.Task,
            context.JurisdictionName(r.JurisdictionCode) + (r.Department is { } d ? " " + Names.Of(Enum.Parse<Department>(d)).Text() : ""),
            r.AssigneeName ?? unclaimed, r.DueOn, r.Overdue)).ToList();
    }

    private sealed record OverdueRow(Guid CaseId, string Number, string ProjectName, string Task, string JurisdictionCode, string? Department,
        string? AssigneeName, DateOnly DueOn, int Overdue);
}
