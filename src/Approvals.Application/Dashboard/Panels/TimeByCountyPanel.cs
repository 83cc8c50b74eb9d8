namespace Approvals.Application.Dashboard.Panels;

/// <summary>Time to decision by county.</summary>
public sealed class TimeByCountyPanel : TimeToDecisionPanel<string>
{
    public override string Name => "TimeByCounty";
    public override int Order => 50;
    public override string Title => Text("办理用时（按县）", "Time to decision by county");
    protected override string Dimension => Text("县", "County");
    protected override string KeySql => "f.county_code";
    protected override string NameOf(string code, DashboardContext context) => context.JurisdictionName(code);
}
