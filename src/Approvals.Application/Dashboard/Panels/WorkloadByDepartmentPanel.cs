using Approvals.Application.Localization;
using Approvals.Domain.Departments;
using Approvals.Domain.Naming;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Workload per department (the acceptance window has none).</summary>
public sealed class WorkloadByDepartmentPanel : WorkloadPanel
{
    public override string Name => "WorkloadByDepartment";
    public override int Order => 130;
    public override string Title => Text("各部门工作量", "Workload per department");
    protected override string HolderLabel => Text("部门", "Department");
    protected override (string RollUp, string OpenTask) KeySql => ("department", "coalesce(t.department, '')");
    protected override string NameOf(string key) => key == "" ? Text("受理窗口", "Acceptance window") : Names.Of(Enum.Parse<Department>(key)).Text();
}
