namespace Approvals.Domain.Cases;

/// <summary>
/// How a task was completed. Each stage allows its own outcomes (<see cref="TaskOutcomes.AllowedAt"/>);
/// every outcome needs an opinion text except a resubmission.
/// </summary>
public enum TaskOutcome
{
    Accept = 1,
    NotAccept = 2,
    Agree = 3,
    AgreeWithConditions = 4,
    Disagree = 5,
    ReturnForCorrection = 6,
    Approve = 7,
    Refuse = 8,
    Resubmit = 9,
}

public static class TaskOutcomes
{
    public static IReadOnlyList<TaskOutcome> AllowedAt(TaskStage stage) => stage switch
    {
        TaskStage.Acceptance => [TaskOutcome.Accept, TaskOutcome.ReturnForCorrection, TaskOutcome.NotAccept],
        TaskStage.Review => [TaskOutcome.Agree, TaskOutcome.AgreeWithConditions, TaskOutcome.Disagree, TaskOutcome.ReturnForCorrection],
        TaskStage.Decision => [TaskOutcome.Approve, TaskOutcome.Refuse, TaskOutcome.ReturnForCorrection],
        TaskStage.Correction => [TaskOutcome.Resubmit],
        _ => [],
    };

    public static bool NeedsOpinion(TaskOutcome outcome) => outcome != TaskOutcome.Resubmit;
}
