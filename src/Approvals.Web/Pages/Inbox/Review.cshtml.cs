using Approvals.Application.Cases.GetCase;
using Approvals.Application.Errors;
using Approvals.Application.Tasks;
using Approvals.Application.Tasks.AddCaseNote;
using Approvals.Application.Tasks.ClaimTask;
using Approvals.Application.Tasks.CompleteTask;
using Approvals.Application.Tasks.GetTaskReview;
using Approvals.Application.Tasks.ReassignTask;
using Approvals.Application.Tasks.ReleaseTask;
using Approvals.Domain.Cases;
using Approvals.Domain.Naming;
using Approvals.Application.Localization;
using Approvals.Web.Pages.SpatialChecks;
using Approvals.Application.Attachments;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Attachments.GetDocumentChecklist;
using Approvals.Application.Attachments.ListAttachments;
using Approvals.Application.Decisions;
using Approvals.Application.Decisions.DraftDecision;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Approvals.Web.Resources;

namespace Approvals.Web.Pages.Inbox;

/// <summary>
/// One task's review page: the case (application, applicant, map, spatial report, opinions given so far,
/// timeline) and what the caller may do: give an opinion with an outcome, claim or release, reassign
/// (supervisors), write comments and internal notes.
/// </summary>
[Authorize]
public sealed class ReviewModel(IMediator mediator, IStringLocalizer<SharedResource> L, Application.Identity.ActorAccessor actorAccessor) : PageModel
{
    public TaskReview Review { get; private set; } = null!;
    public IReadOnlyList<AttachmentView> Attachments { get; private set; } = [];
    public DocumentChecklist Documents { get; private set; } = new([]);
    public Shared.ReportVersionsView Reports { get; private set; } = new([]);
    public CaseView Case { get; private set; } = null!;
    public string MapSvg { get; private set; } = "";
    public IReadOnlyList<(string Code, string Colour)> Legend { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public TaskOutcome? Outcome { get; set; }
    [BindProperty] public string? Opinion { get; set; }
    [BindProperty] public string? Conditions { get; set; }
    /// <summary>The decision's final conditions as the decider left them (decision tasks only).</summary>
    [BindProperty] public List<ConditionRow> FinalConditions { get; set; } = [];
    /// <summary>A refusal's legal basis (decision tasks only); the configured default is shown to start from.</summary>
    [BindProperty] public string? LegalBasis { get; set; }
    /// <summary>For a decision task: the reviews' conditions, the issuers and the defaults the form starts from.</summary>
    public DecisionDraft? Draft { get; private set; }
    [BindProperty] public Guid? AssigneeId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? NoteText { get; set; }
    [BindProperty] public bool NoteInternal { get; set; } = true;

    public async Task<IActionResult> OnGetAsync(Guid taskId, CancellationToken ct)
    {
        Message = TempData["review-message"] as string;
        return await ShowAsync(taskId, ct);
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid taskId, CancellationToken ct)
    {
        if (Outcome is null)
        {
            ModelState.AddModelError(nameof(Outcome), L["请选择办理结果"]);
            return await ShowAsync(taskId, ct);
        }
        // Back to the inbox once done: the task has left it.
        return await ActAsync(taskId, async () =>
        {
            var (finalConditions, legalBasis) = await DecisionInputsAsync(taskId, ct);
            await mediator.Send(new CompleteTaskCommand(taskId, Outcome.Value, Opinion?.Trim(),
                string.IsNullOrWhiteSpace(Conditions) ? null : Conditions.Trim(), finalConditions, legalBasis), ct);
        }, "办理意见已提交", ct, "/inbox");
    }

    /// <summary>
    /// A decision's settled list (rows kept and not emptied; a blank new row is no condition) and a refusal's basis
    /// (the unchanged default is left to the configuration, so the document cites it in the reader's language).
    /// </summary>
    private async Task<(IReadOnlyList<FinalCondition>?, string?)> DecisionInputsAsync(Guid taskId, CancellationToken ct)
    {
        if (FinalConditions.Count == 0 && LegalBasis is null) return (null, null);
        var draft = await mediator.Send(new DraftDecisionQuery(taskId), ct);
        IReadOnlyList<FinalCondition>? conditions = Outcome == TaskOutcome.Approve
            ? FinalConditions.Where(r => !r.Remove && !string.IsNullOrWhiteSpace(r.Text)).Select(r => new FinalCondition(r.Text!.Trim(), r.FromTaskId)).ToList()
            : null;
        var basis = Outcome == TaskOutcome.Refuse && LegalBasis?.Trim() is { Length: > 0 } b && b != draft.DefaultLegalBasis.Zh && b != draft.DefaultLegalBasis.En ? b : null;
        return (conditions, basis);
    }

    public Task<IActionResult> OnPostClaimAsync(Guid taskId, CancellationToken ct) =>
        ActAsync(taskId, () => mediator.Send(new ClaimTaskCommand(taskId), ct).AsTask(), "已签收", ct);

    public Task<IActionResult> OnPostReleaseAsync(Guid taskId, CancellationToken ct) =>
        ActAsync(taskId, () => mediator.Send(new ReleaseTaskCommand(taskId), ct).AsTask(), "已取消签收", ct);

    public Task<IActionResult> OnPostReassignAsync(Guid taskId, CancellationToken ct) =>
        ActAsync(taskId, () => mediator.Send(new ReassignTaskCommand(taskId, AssigneeId ?? Guid.Empty, Reason ?? ""), ct).AsTask(), "已改派", ct);

    public Task<IActionResult> OnPostNoteAsync(Guid taskId, CancellationToken ct) =>
        ActAsync(taskId, async () =>
        {
            // The note goes to the task's case, which the caller must be able to see through the task.
            var review = await mediator.Send(new GetTaskReviewQuery(taskId), ct);
            await mediator.Send(new AddCaseNoteCommand(review.Task.CaseId, NoteText ?? "", NoteInternal), ct);
        }, NoteInternal ? "内部备注已保存" : "办理说明已保存", ct);

    private async Task<IActionResult> ActAsync(Guid taskId, Func<Task> action, string done, CancellationToken ct, string? then = null)
    {
        try
        {
            await action();
            TempData[then is null ? "review-message" : "inbox-message"] = done;
            return Redirect(then ?? $"/inbox/tasks/{taskId}");
        }
        catch (ForbiddenException e)
        {
            Error = e.Message;
            return await ShowAsync(taskId, ct);
        }
        catch (ConflictException e)
        {
            return await ConflictAsync(taskId, e, ct);
        }
        catch (FluentValidation.ValidationException e)
        {
            foreach (var failure in e.Errors)
                ModelState.AddModelError(FieldOf(failure.PropertyName), failure.ErrorMessage);
            return await ShowAsync(taskId, ct);
        }
    }

    /// <summary>Someone else got there first: say who and what, in the reader's language; the page shows the task as it is now.</summary>
    private async Task<IActionResult> ConflictAsync(Guid taskId, ConflictException e, CancellationToken ct)
    {
        var result = await ShowAsync(taskId, ct);
        var task = Review?.Task;
        Error = task is { Status: not ReviewTaskStatus.Open }
            ? L["该任务已由 {0} 办理（{1}），您的操作未生效。", task.CompletedByName ?? "—", task.Outcome is { } o ? Names.Of(o).Text() : "—"]
            : task is { AssigneeName: not null } && task.AssigneeId != actorAccessor.Current.UserId
                ? L["该任务已由 {0} 签收，您的操作未生效。", task.AssigneeName]
                : e.Message;
        return result;
    }

    private async Task<IActionResult> ShowAsync(Guid taskId, CancellationToken ct)
    {
        // A task the person may not see is a 404 with its reason, from RefusalPageFilter.
        Review = await mediator.Send(new GetTaskReviewQuery(taskId), ct);
        Case = await mediator.Send(new GetCaseQuery(Review.Task.CaseId), ct);
        Attachments = await mediator.Send(new ListAttachmentsQuery(null, Review.Task.CaseId), ct);
        Documents = await mediator.Send(new GetDocumentChecklistQuery(null, Review.Task.CaseId), ct);
        Reports = new(await mediator.Send(new Approvals.Application.Rechecks.ListCaseReportVersions.ListCaseReportVersionsQuery(Review.Task.CaseId), ct));
        if (Review.Map is { } map) (MapSvg, Legend) = SpatialCheckMapSvg.Draw(map);
        if (Review.Task.Stage == TaskStage.Decision && Review.MayAct)
        {
            Draft = await mediator.Send(new DraftDecisionQuery(taskId), ct);
            // First showing: the reviews' conditions to start from, and room for the decider's own.
            if (FinalConditions.Count == 0)
                FinalConditions = [.. Draft.Conditions.Select(c => new ConditionRow { Text = c.Condition.Text, FromTaskId = c.FromTaskId }), new ConditionRow(), new ConditionRow()];
            LegalBasis ??= Draft.DefaultLegalBasis.Text();
        }
        return Page();
    }

    /// <summary>One row of the decider's condition list: its text, the review it came from (none: the decider's own), and whether to drop it.</summary>
    public sealed class ConditionRow
    {
        public string? Text { get; set; }
        public Guid? FromTaskId { get; set; }
        public bool Remove { get; set; }
    }

    private static string FieldOf(string property) => property switch
    {
        "Text" => nameof(NoteText),
        "outcome" => nameof(Outcome),
        "AssigneeId" or "assigneeId" => nameof(AssigneeId),
        _ => property,
    };
}
