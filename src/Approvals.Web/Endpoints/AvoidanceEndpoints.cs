using Approvals.Application.Cases.SuggestCaseAvoidance;
using Approvals.Application.Drafts.AdoptDraftAvoidance;
using Approvals.Application.Drafts.SuggestDraftAvoidance;
using Approvals.Application.SpatialChecks.SuggestCheckAvoidance;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>
/// Avoidance suggestions (选址避让) over HTTP: the stored report with an <c>avoidance</c> section, for a spatial check, a
/// draft's pre-check and a case, with the access rule of each; and a draft's adoption of one. Computed on request and
/// limited per user like a spatial check (429 with Retry-After).
/// </summary>
public static class AvoidanceEndpoints
{
    public sealed record AdoptRequest(string? Choice, int? Site);

    public static IEndpointRouteBuilder MapAvoidanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Avoidance").RequireAuthorization().RequireRateLimiting(Hosting.RateLimits.SpatialChecks);
        group.MapGet("/spatial-checks/{id:guid}/avoidance", async (Guid id, IMediator m, CancellationToken ct) =>
                Results.Text((await m.Send(new SuggestCheckAvoidanceQuery(id), ct)).Json, "application/json"))
            .WithSummary("A stored check's report with \"avoidance\" (the clear part and up to three nearby sites) when a hit prohibits the project; whoever may read the check.");
        group.MapGet("/drafts/{id:guid}/avoidance", async (Guid id, IMediator m, CancellationToken ct) =>
                Results.Text((await m.Send(new SuggestDraftAvoidanceQuery(id), ct)).Json, "application/json"))
            .WithSummary("A draft's pre-check with \"avoidance\", judged with the draft's uses and county; the draft's organisation only.");
        group.MapPost("/drafts/{id:guid}/avoidance/adopt", async (Guid id, AdoptRequest body, IMediator m, CancellationToken ct) =>
                Results.Ok(new { spatialCheckId = await m.Send(new AdoptDraftAvoidanceCommand(id, body.Choice ?? "", body.Site), ct) }))
            .DisableAntiforgery()
            .WithSummary("Makes the draft's boundary its clear part ({\"choice\":\"clear-part\"}) or a suggested site ({\"choice\":\"site\",\"site\":0}) and pre-checks it; returns the new pre-check's id.");
        group.MapGet("/cases/{id:guid}/avoidance", async (Guid id, IMediator m, CancellationToken ct) =>
                Results.Text((await m.Send(new SuggestCaseAvoidanceQuery(id), ct)).Json, "application/json"))
            .WithSummary("A case's spatial report with \"avoidance\", for whoever may see the case (reviewers ask for a precise correction with it).");
        return app;
    }
}
