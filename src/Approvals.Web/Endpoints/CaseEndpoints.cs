using Approvals.Application.Cases.ExtendCase;
using Approvals.Application.Cases.GetCase;
using Approvals.Application.Cases.ResubmitCase;
using Approvals.Application.Cases.SubmitCase;
using Approvals.Application.Cases.WithdrawCase;
using Approvals.Application.WorkflowDefinitions.ListWorkflowDefinitions;
using Approvals.Application.WorkflowDefinitions.PublishWorkflowDefinition;
using Approvals.Application.WorkflowDefinitions.RenderWorkflowDiagram;
using Approvals.Domain.Cases;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>Cases and workflow definitions: the joint pre-approval process over HTTP (tasks: <see cref="TaskEndpoints"/>).</summary>
public static class CaseEndpoints
{
    public sealed record ReasonRequest(string? Reason);

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization();
        cases.MapPost("/", async (SubmitCaseCommand command, HttpRequest request, IMediator m, CancellationToken ct) =>
        {
            // The Idempotency-Key header, when sent, names the submission (a retried POST creates nothing twice).
            if (request.Headers.TryGetValue("Idempotency-Key", out var key) && !string.IsNullOrWhiteSpace(key))
                command = command with { IdempotencyKey = key.ToString() };
            // A direct submission carries its own documents: none sent is none given, and the required ones are missing.
            command = command with { Documents = command.Documents ?? [] };
            var submitted = await m.Send(command, ct);
            return Results.Created($"/api/cases/{submitted.Id}", submitted);
        }).WithSummary("Submits a joint application (applicants) with its required documents (documents[]: documentType, fileName, contentBase64); retrying with the same idempotency key returns the same case.");
        cases.MapGet("/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetCaseQuery(id), ct))
            .WithSummary("A case: status, current step, due dates, paused time, open tasks, timeline and decision.");
        cases.MapPost("/{id:guid}/resubmit", (Guid id, ResubmitCaseCommand command, IMediator m, CancellationToken ct) =>
            m.Send(command with { CaseId = id }, ct)).WithSummary("Answers a correction request (补正), optionally with a new boundary.");
        cases.MapPost("/{id:guid}/withdraw", (Guid id, ReasonRequest body, IMediator m, CancellationToken ct) =>
            m.Send(new WithdrawCaseCommand(id, body.Reason ?? ""), ct)).WithSummary("Withdraws the application before the decision.");
        cases.MapPost("/{id:guid}/extend", async (Guid id, ReasonRequest body, IMediator m, CancellationToken ct) =>
            Results.Ok(new { dueOn = await m.Send(new ExtendCaseCommand(id, body.Reason ?? ""), ct) }))
            .WithSummary("Extends the whole case's time limit once, with a reason (supervisors).");
        cases.MapGet("/{id:guid}/decision", async (Guid id, IMediator m, CancellationToken ct) =>
        {
            var c = await m.Send(new GetCaseQuery(id), ct);
            return c.Decision is null
                ? Results.Problem(statusCode: 409, title: Application.Localization.Bilingual.Text("案件尚未作出决定", "The case has no decision yet"))
                : Results.Ok(new { c.Number, c.ProjectName, c.Decision, c.Uses, c.BoundaryAreaM2, c.RequiredDepartments, c.ForwardToNational, document = $"/cases/{id}/decision" });
        }).WithSummary("The decision; its printable document is at /cases/{id}/decision.");
        cases.MapGet("/{id:guid}/diagram", async (Guid id, string? format, IMediator m, CancellationToken ct) =>
        {
            var diagram = await m.Send(new RenderWorkflowDiagramQuery(null, null, id, format ?? "svg"), ct);
            return Results.Text(diagram.Content, diagram.ContentType);
        }).WithSummary("The case's workflow diagram with where it is now and what it has passed.");

        var definitions = app.MapGroup("/api/workflow-definitions").WithTags("Workflow definitions").RequireAuthorization();
        definitions.MapGet("/", (IMediator m, CancellationToken ct) => m.Send(new ListWorkflowDefinitionsQuery(), ct))
            .WithSummary("Published workflow definitions and their versions.");
        definitions.MapPost("/", async (System.Text.Json.JsonElement definition, IMediator m, CancellationToken ct) =>
            Results.Ok(await m.Send(new PublishWorkflowDefinitionCommand(definition), ct)))
            .WithSummary("Publishes a new definition version (administrators); running cases keep their version.");
        definitions.MapGet("/{definitionId}/diagram", async (string definitionId, int? version, string? format, IMediator m, CancellationToken ct) =>
        {
            var diagram = await m.Send(new RenderWorkflowDiagramQuery(definitionId, version, null, format ?? "svg"), ct);
            return Results.Text(diagram.Content, diagram.ContentType);
        }).WithSummary("A definition version drawn as SVG (or Mermaid text with format=mermaid).");
        return app;
    }
}
