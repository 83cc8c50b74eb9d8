using Approvals.Domain.Cases;
using Approvals.Domain.Naming;
using Approvals.Application.Localization;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Open cases now, by where they stand, with their total.</summary>
public sealed class OpenNowPanel : DashboardPanel<OpenNowPanel.Stage>
{
    public sealed record Stage(string Name, int Cases);

    public override string Name => "OpenNow";
    public override int Order => 20;
    public override string Title => Text("当前在办案件", "Open cases now");
    public override IReadOnlyList<string> Charted => ["cases"];

    public override IReadOnlyList<PanelColumn<Stage>> Columns =>
    [
        Column("stage", "所处环节", "Where it stands", s => s.Name),
        Number("cases", "案件数", "Cases", s => s.Cases),
    ];

    protected override async Task<IReadOnlyList<Stage>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        var counts = await context.ReadAsync<StatusCount>($"""
            SELECT f.status, count(*)::int AS cases FROM dashboard_case_facts f
            WHERE {context.Scope.Where} AND f.is_open GROUP BY f.status
            """, ct);
        CaseStatus[] order = [CaseStatus.AwaitingAcceptance, CaseStatus.UnderReview, CaseStatus.AwaitingDecision, CaseStatus.AwaitingCorrection];
        var rows = order.Select(status => new Stage(Names.Of(status).Text(), counts.FirstOrDefault(c => c.Status == status.ToString())?.Cases ?? 0)).ToList();
        rows.Add(new Stage(Text("合计", "Total"), rows.Sum(r => r.Cases)));
        return rows;
    }

    private sealed record StatusCount(string Status, int Cases);
}
