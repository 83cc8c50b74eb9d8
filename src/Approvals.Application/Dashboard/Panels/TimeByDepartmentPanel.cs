using Approvals.Application.Localization;
using Approvals.Domain.Departments;
using Approvals.Domain.Naming;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Time to decision by reviewing department (a case reviewed by several counts under each).</summary>
public sealed class TimeByDepartmentPanel : TimeToDecisionPanel<int>
{
    public override string Name => "TimeByDepartment";
    public override int Order => 40;
    public override string Title => Text("办理用时（按审查部门）", "Time to decision by reviewing department");
    protected override string Dimension => Text("部门", "Department");
    // The facts keep the departments as a mask of 1 << (department - 1).
    protected override string KeySql => "f.departments";
    protected override IEnumerable<int> Split(int mask) => Enumerable.Range(0, 4).Where(b => (mask & (1 << b)) != 0);
    protected override string NameOf(int bit, DashboardContext context) => Names.Of((Department)(bit + 1)).Text();
}
