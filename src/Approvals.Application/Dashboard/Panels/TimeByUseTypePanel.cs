using Approvals.Application.Localization;
using Approvals.Application.Tasks;
using Approvals.Domain.Naming;
using Approvals.Domain.UseTypes;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Time to decision by use type (a case with several uses counts under each).</summary>
public sealed class TimeByUseTypePanel : TimeToDecisionPanel<int>
{
    public override string Name => "TimeByUseType";
    public override int Order => 60;
    public override string Title => Text("办理用时（按用途）", "Time to decision by use type");
    protected override string Dimension => Text("用途", "Use type");
    protected override string KeySql => "f.uses";
    protected override IEnumerable<int> Split(int mask) => UseTypeMask.Types(mask).Select(t => (int)t);
    protected override string NameOf(int use, DashboardContext context) => Names.Of((UseType)use).Text();
}
