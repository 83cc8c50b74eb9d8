namespace Approvals.Application.Dashboard.Panels;

/// <summary>Workload per reviewer (the login that holds or completed the task).</summary>
public sealed class WorkloadByReviewerPanel : WorkloadPanel
{
    public override string Name => "WorkloadByReviewer";
    public override int Order => 120;
    public override string Title => Text("各承办人工作量", "Workload per reviewer");
    protected override string HolderLabel => Text("承办人", "Reviewer");
    protected override (string RollUp, string OpenTask) KeySql => ("user_name", "coalesce(t.assignee_name, '')");
    protected override string NameOf(string key) => key == "" ? Text("（未签收）", "(unclaimed)") : key;
}
