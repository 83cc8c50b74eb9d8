using Approvals.Application.Rechecks.GetRecheckProgress;
using Approvals.Application.Rechecks.ListCaseReportVersions;
using Approvals.Application.Rechecks.ListCasesDecidedOnChangedBaseMaps;
using Approvals.Application.Rechecks.StartManualRecheck;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>Re-checks after base-map changes: their progress, a re-check by hand, the decided cases to look at, a case's report versions.</summary>
public static class RecheckEndpoints
{
    public static IEndpointRouteBuilder MapRecheckEndpoints(this IEndpointRouteBuilder app)
    {
        var rechecks = app.MapGroup("/api/rechecks").WithTags("Re-checks").RequireAuthorization();
        rechecks.MapGet("/", (int? take, IMediator m, CancellationToken ct) => m.Send(new GetRecheckProgressQuery(take ?? 20), ct))
            .WithSummary("The latest re-check rounds, newest first: cases to do, done, changed, decided cases listed (administrators).");
        rechecks.MapPost("/", async (ManualRecheckRequest request, IMediator m, CancellationToken ct) =>
            {
                var started = await m.Send(new StartManualRecheckCommand(request.Category, request.Case, InBackground: true), ct);
                return Results.Accepted($"/api/rechecks", started);
            })
            .WithSummary("Checks open cases again by hand as background work: one case (`case`: its number) or a category's (`category`) (administrators).");
        rechecks.MapGet("/decided-cases", (IMediator m, CancellationToken ct) => m.Send(new ListCasesDecidedOnChangedBaseMapsQuery(), ct))
            .WithSummary("Cases decided on a base map that has since changed under them, in the supervisor's jurisdiction.");

        app.MapGet("/api/cases/{id:guid}/reports", (Guid id, IMediator m, CancellationToken ct) => m.Send(new ListCaseReportVersionsQuery(id), ct))
            .WithTags("Cases").RequireAuthorization()
            .WithSummary("Every comparison report the case has had, newest (current) first, with why it was made and what changed.");
        return app;
    }

    public sealed record ManualRecheckRequest(string? Category, string? Case);
}
