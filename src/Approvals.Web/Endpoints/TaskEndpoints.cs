using Approvals.Application.Tasks.AddCaseNote;
using Approvals.Application.Tasks.ClaimTask;
using Approvals.Application.Tasks.CompleteTask;
using Approvals.Application.Tasks.GetTaskReview;
using Approvals.Application.Tasks.ListInbox;
using Approvals.Application.Tasks.ListMyTasks;
using Approvals.Application.Tasks.ReassignTask;
using Approvals.Application.Tasks.ReleaseTask;
using Approvals.Domain.Cases;
using Approvals.Domain.UseTypes;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>The reviewers' side over HTTP: the inbox, claiming, reassigning and completing tasks, notes on a case.</summary>
public static class TaskEndpoints
{
    /// <summary>A decision may send its final conditions (each with the review task it came from, or none for the decider's own) and a refusal's legal basis.</summary>
    public sealed record CompleteRequest(TaskOutcome Outcome, string? Opinion, string? Conditions,
        IReadOnlyList<Application.Decisions.FinalCondition>? FinalConditions = null, string? LegalBasis = null);
    public sealed record ReassignRequest(Guid AssigneeId, string? Reason);
    /// <summary>A note is internal (staff only) unless the caller says otherwise, as on the review page.</summary>
    public sealed record NoteRequest(string? Text, bool? Internal);

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/inbox", (InboxTab? tab, InboxClaim? claim, bool? overdue, UseType? useType, string? county, TaskStage? stage, string? q,
                InboxSort? sort, bool? desc, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListInboxQuery(tab ?? InboxTab.Todo, claim, overdue ?? false, useType, string.IsNullOrWhiteSpace(county) ? null : county, stage, q,
                sort ?? InboxSort.Due, desc ?? false, page ?? 1, pageSize ?? 25), ct))
            .WithTags("Tasks").RequireAuthorization()
            .WithSummary("The inbox: one tab (todo, claimed, done) filtered, searched, sorted and paged, with the size of each tab.");

        var tasks = app.MapGroup("/api/tasks").WithTags("Tasks").RequireAuthorization();
        tasks.MapGet("/", (int? page, int? pageSize, IMediator m, CancellationToken ct) => m.Send(new ListMyTasksQuery(page ?? 1, pageSize ?? 50), ct))
            .WithSummary("My open tasks, due first (the applicant's corrections included).");
        tasks.MapGet("/{id:guid}/review", async (Guid id, IMediator m, CancellationToken ct) =>
            // The map's geometries are drawn on the review page; the API gives the report and the opinions.
            (await m.Send(new GetTaskReviewQuery(id), ct)) with { Map = null })
            .WithSummary("A task with what the caller may do with it, the opinions already given on the case and the spatial report.");
        tasks.MapGet("/{id:guid}/decision-draft", (Guid id, IMediator m, CancellationToken ct) => m.Send(new Application.Decisions.DraftDecision.DraftDecisionQuery(id), ct))
            .WithSummary("For a decision task: the conditions the reviews attached (with the task each came from), the issuing authorities, a refusal's default legal basis and an approval's validity.");
        tasks.MapPost("/{id:guid}/claim", (Guid id, IMediator m, CancellationToken ct) => m.Send(new ClaimTaskCommand(id), ct)).WithSummary("Claims a task.");
        tasks.MapPost("/{id:guid}/release", (Guid id, IMediator m, CancellationToken ct) => m.Send(new ReleaseTaskCommand(id), ct)).WithSummary("Releases a claimed task.");
        tasks.MapPost("/{id:guid}/reassign", (Guid id, ReassignRequest body, IMediator m, CancellationToken ct) =>
            m.Send(new ReassignTaskCommand(id, body.AssigneeId, body.Reason ?? ""), ct))
            .WithSummary("Gives an open task to another candidate, with a reason (administrators and supervisors).");
        tasks.MapPost("/{id:guid}/complete", (Guid id, CompleteRequest body, IMediator m, CancellationToken ct) =>
            m.Send(new CompleteTaskCommand(id, body.Outcome, body.Opinion, body.Conditions, body.FinalConditions, body.LegalBasis), ct))
            .WithSummary("Completes a task with an outcome and an opinion; a task completed by someone else meanwhile answers 409.");

        app.MapPost("/api/cases/{id:guid}/notes", async (Guid id, NoteRequest body, IMediator m, CancellationToken ct) =>
            Results.Ok(new { id = await m.Send(new AddCaseNoteCommand(id, body.Text ?? "", body.Internal ?? true), ct) }))
            .WithTags("Cases").RequireAuthorization()
            .WithSummary("Adds a comment (the applicant sees it) or an internal note (staff only) to a case's timeline.");
        return app;
    }
}
