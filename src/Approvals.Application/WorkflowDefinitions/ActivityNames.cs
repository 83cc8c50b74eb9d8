using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Departments;
using Approvals.Domain.Naming;
using Approvals.Domain.Cases;
using Approvals.Workflows.Definitions;

namespace Approvals.Application.WorkflowDefinitions;

/// <summary>
/// What an English reader calls a definition's step. A definition's own names are the province's Chinese ones; an
/// activity may give its own <c>nameEn</c>, and otherwise gets the standard English name of what it does (a task by its
/// stage and department, as tasks are named everywhere else), so a diagram never mixes the two languages.
/// </summary>
public static class ActivityNames
{
    public static string English(ActivityDefinition activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.NameEn)) return activity.NameEn;
        return activity.Type switch
        {
            "Start" => "Application submitted",
            "End" => "Closed",
            "CaseTask" when Enum.TryParse<TaskStage>(ActivityInputs.Text(activity, "stage"), out var stage) =>
                Names.Step(stage, Enum.TryParse<Department>(ActivityInputs.Text(activity, "department"), out var d) ? d : null).En,
            "SpatialCheck" => Names.Of(CaseMilestone.SpatialCheck).En,
            "RouteCase" => Names.Of(CaseMilestone.Routing).En,
            "Fork" => "Send to the departments' reviews",
            "Join" => "Gather the departments' opinions",
            "ConsolidateReview" => "Consolidated review opinion",
            "ForwardCase" => "Forward to the level above",
            "IssueDecision" => ActivityInputs.Text(activity, "result") switch
            {
                "Approved" => "Issue the approval",
                "Refused" => "Issue the refusal",
                "NotAccepted" => "Not accepted",
                _ => "Issue the decision",
            },
            // A type the standard names do not know keeps the definition's own name.
            _ => activity.Name,
        };
    }
}
