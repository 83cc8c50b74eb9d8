using Approvals.Application.Identity;
using Mediator;

namespace Approvals.Application.Dashboard.ListDashboardPanels;

/// <summary>The dashboard's panels in page order, as <c>GET /api/dashboard</c> lists them: what a client may ask for by name.</summary>
[RequiresRole(Roles.Supervisor, Roles.Administrator, OrSystem = true,
    RefusalZh = "只有督办人员和管理员可以查看统计", RefusalEn = "Only supervisors and administrators see the dashboard")]
public sealed record ListDashboardPanelsQuery : IQuery<IReadOnlyList<DashboardPanelView>>;

/// <summary>A panel: its name (for <c>/api/dashboard/{name}</c> and <c>/dashboard/{name}.csv</c>), title and note in the reader's language, chart kind, the columns the chart draws, and whether its table sorts.</summary>
public sealed record DashboardPanelView(string Name, string Title, string? Note, string Chart, IReadOnlyList<string> Charted, bool Sortable);

public sealed class ListDashboardPanelsHandler(DashboardPanels panels) : IQueryHandler<ListDashboardPanelsQuery, IReadOnlyList<DashboardPanelView>>
{
    public ValueTask<IReadOnlyList<DashboardPanelView>> Handle(ListDashboardPanelsQuery query, CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<DashboardPanelView>>(panels.All
            .Select(p => new DashboardPanelView(p.Name, p.Title, p.Note, p.Chart.ToString().ToLowerInvariant(), p.Charted, p.Sortable)).ToList());
}
