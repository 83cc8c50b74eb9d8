using Approvals.Application.Localization;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Time to decision by the level that decided.</summary>
public sealed class TimeByLevelPanel : TimeToDecisionPanel<int>
{
    public override string Name => "TimeByLevel";
    public override int Order => 30;
    public override string Title => Text("办理用时（按决定层级）", "Time to decision by deciding level");
    protected override string Dimension => Text("层级", "Level");
    protected override string KeySql => "f.level";
    protected override string NameOf(int key, DashboardContext context) => Names.Of((JurisdictionLevel)key).Text();
}
