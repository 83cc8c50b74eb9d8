using System.Text.Json;
using Approvals.Domain.Routing;
using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Calendar;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Activities;

/// <summary>
/// A human task of the case: the county window's acceptance, one department's review at a level, the
/// decision at the deciding level, or the applicant's correction. Inputs: <c>stage</c>, and for reviews
/// <c>department</c>; <c>level</c> is County, "current" or "deciding". The task is due in working days
/// per the time-limits rules; a correction pauses the statutory clock until the applicant resubmits.
/// </summary>
public sealed class CaseTaskActivity : IActivity
{
    public const string TypeName = "CaseTask";
    public string Type => TypeName;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var stage = Stage(context.Activity);
        var db = context.Services.GetRequiredService<ApprovalsDbContext>();
        var c = await CaseVariables.LoadCaseAsync(context);
        // Deadlines follow the rules version the case was routed with (the one in force before it is routed).
        var (_, rules) = await context.Services.GetRequiredService<RulesBook>().ForCaseAsync(db, c.RulesVersion, context.CancellationToken);
        var level = Level(context);
        var department = stage switch
        {
            TaskStage.Review => Enum.Parse<Department>(context.GetInputString("department")!),
            TaskStage.Decision => LeadDepartment(c.RequiredDepartments),
            _ => (Department?)null,
        };
        var today = LocalDate.Today(context.Clock);
        var days = stage switch
        {
            TaskStage.Acceptance => rules.TimeLimits.Acceptance,
            TaskStage.Review when level != CaseVariables.LevelVariable(context, CaseVariables.DecidingLevel) => rules.TimeLimits.FirstReview,
            _ => rules.TimeLimits.LevelReview,
        };
        var correctionRequest = stage == TaskStage.Correction ? context.GetVariable($"{CaseVariables.Correction}.request")?.GetValue<string>() : null;

        c.Status = stage switch
        {
            TaskStage.Acceptance => CaseStatus.AwaitingAcceptance,
            TaskStage.Review => CaseStatus.UnderReview,
            TaskStage.Decision => CaseStatus.AwaitingDecision,
            _ => CaseStatus.AwaitingCorrection,
        };
        c.CurrentLevel = level;
        if (stage == TaskStage.Correction && c.PausedSince is null)
        {
            c.PausedSince = context.Now;
            db.Set<CasePause>().Add(new CasePause { Id = Guid.CreateVersion7(), CaseId = c.Id, From = context.Now, Reason = PauseReasons.Correction });
        }
        if (stage == TaskStage.Correction)
            await Notifications.ApplicantNotices.PostAsync(db, context.Services.GetRequiredService<Notifications.NotificationPost>(), c,
                Notifications.NotificationKinds.CorrectionRequested,
                $"案件 {c.Number}（{c.ProjectName}）需要补正，请在“我的申请”中补正后重新提交。补正要求：{correctionRequest}",
                $"Case {c.Number} ({c.ProjectName}) needs a correction: please correct and resubmit it under My applications. Requested: {correctionRequest}",
                context.Now, context.CancellationToken);

        var spec = new TaskSpec(c.Id, stage, level, CaseVariables.JurisdictionAt(context, level), department,
            Tasks.TaskScope.CandidateRoleOf(stage),
            stage == TaskStage.Correction ? c.OrganisationId : null,
            rules.Calendar.AddWorkingDays(today, days),
            rules.Calendar.AddWorkingDays(today, rules.TimeLimits.ReminderAfter(days)),
            correctionRequest,
            c.Number, c.ProjectName, c.CountyCode, Tasks.UseTypeMask.Of(c.Uses.Select(u => u.Type)));
        // Review steps are named per department already; the decision names the department that signs it.
        var name = stage == TaskStage.Decision ? $"{context.Activity.Name}（{Wording.Zh(department!.Value)}）" : context.Activity.Name;
        return ActivityResult.Suspend(BookmarkRequest.HumanTask(name, (JsonObject)JsonSerializer.SerializeToNode(spec, JsonSerializerOptions.Web)!));
    }

    public async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, JsonNode? input)
    {
        var completion = input.Deserialize<TaskCompletion>(JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("A task is resumed with its completion.");
        var stage = Stage(context.Activity);
        var db = context.Services.GetRequiredService<ApprovalsDbContext>();
        var c = await CaseVariables.LoadCaseAsync(context);
        var (_, rules) = await context.Services.GetRequiredService<RulesBook>().ForCaseAsync(db, c.RulesVersion, context.CancellationToken);
        var today = LocalDate.Today(context.Clock);

        // The outcomes that end the case carry the opinion the decision document quotes.
        if (completion.Outcome is TaskOutcome.NotAccept or TaskOutcome.Approve or TaskOutcome.Refuse)
            context.SetVariable("decision", JsonSerializer.SerializeToNode(completion, JsonSerializerOptions.Web));
        if (completion.Outcome == TaskOutcome.ReturnForCorrection)
            context.SetVariable(CaseVariables.Correction, new JsonObject { ["request"] = completion.Opinion, ["stage"] = stage.ToString() });

        switch (stage)
        {
            case TaskStage.Acceptance when completion.Outcome == TaskOutcome.Accept:
                // Under review from now on: the spatial check runs before the first review task appears.
                c.Status = CaseStatus.UnderReview;
                c.AcceptedOn = today;
                c.DueOn = rules.Calendar.AddWorkingDays(today, rules.TimeLimits.WholeCase);
                break;
            case TaskStage.Review:
                var department = context.GetInputString("department")!;
                context.SetVariable($"{CaseVariables.Reviews}.{department}", completion.Outcome.ToString());
                c.ReviewGiven();
                // All reviews of a level meet at the join; their outcomes are read by ConsolidateReview.
                return ActivityResult.Complete("Done");
            case TaskStage.Correction:
                var open = await db.Set<CasePause>().Where(p => p.CaseId == c.Id && p.To == null).ToListAsync(context.CancellationToken);
                foreach (var pause in open) pause.To = context.Now;
                c.PausedSince = null;
                if (c.AcceptedOn is { } accepted)
                {
                    var pauses = await db.Set<CasePause>().Where(p => p.CaseId == c.Id).ToListAsync(context.CancellationToken);
                    c.DueOn = rules.Calendar.AddWorkingDays(accepted, rules.TimeLimits.WholeCaseWith(c.Extended ? 1 : 0),
                        pauses.Select(p => new ClockPause(LocalDate.Of(p.From), p.To is { } to ? LocalDate.Of(to) : null, p.Reason)).ToList());
                }
                // A correction asked for at acceptance goes back to the window; later ones go through the check again.
                var target = IsAcceptanceCorrection(context) ? "ResubmitToAcceptance" : "ResubmitToReview";
                context.SetVariable(CaseVariables.Correction, null);
                return ActivityResult.Complete(target);
        }
        return ActivityResult.Complete(completion.Outcome.ToString());
    }

    private static bool IsAcceptanceCorrection(ActivityContext context) =>
        context.GetVariable($"{CaseVariables.Correction}.stage")?.GetValue<string>() == TaskStage.Acceptance.ToString();

    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (!Enum.TryParse<TaskStage>(ActivityInputs.Text(activity, "stage"), out var stage))
            yield return $"Activity '{activity.Id}': input 'stage' must be one of {string.Join(", ", Enum.GetNames<TaskStage>())}.";
        else if (stage == TaskStage.Review && !Enum.TryParse<Department>(ActivityInputs.Text(activity, "department"), out _))
            yield return $"Activity '{activity.Id}': a review task needs input 'department' (Land, Mineral, Forest or Grassland).";
    }

    private static TaskStage Stage(ActivityDefinition activity) => Enum.Parse<TaskStage>(ActivityInputs.Text(activity, "stage")!);

    private static JurisdictionLevel Level(ActivityContext context) => context.GetInputString("level") switch
    {
        "current" => CaseVariables.LevelVariable(context, CaseVariables.CurrentLevel) ?? JurisdictionLevel.County,
        "deciding" => CaseVariables.LevelVariable(context, CaseVariables.DecidingLevel) ?? JurisdictionLevel.County,
        { } named when Enum.TryParse<JurisdictionLevel>(named, out var level) => level,
        // Acceptance and the applicant's correction belong to the county where the case was filed.
        _ => JurisdictionLevel.County,
    };

    /// <summary>The department that signs the decision: land when it reviews, else the first one required.</summary>
    public static Department LeadDepartment(IReadOnlyList<string> requiredDepartments)
    {
        var required = requiredDepartments.Select(Enum.Parse<Department>).ToList();
        return required.Contains(Department.Land) ? Department.Land : required.Count > 0 ? required.Min() : Department.Land;
    }
}
