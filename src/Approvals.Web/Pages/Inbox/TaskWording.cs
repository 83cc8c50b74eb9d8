using Approvals.Domain.Cases;

namespace Approvals.Web.Pages.Inbox;

/// <summary>The Chinese keys (resource names) of stages and outcomes as the inbox pages show them.</summary>
public static class TaskWording
{
    public static string Stage(TaskStage stage) => stage switch
    {
        TaskStage.Acceptance => "受理审查",
        TaskStage.Review => "部门审查",
        TaskStage.Decision => "审批决定",
        _ => "补正",
    };

    public static string Outcome(TaskOutcome outcome) => Application.Tasks.CompleteTask.OutcomeNames.Chinese(outcome);
}
