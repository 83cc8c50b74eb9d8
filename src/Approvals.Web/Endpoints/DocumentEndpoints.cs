using Approvals.Application.Decisions.GetDecisionDocument;
using Approvals.Application.SpatialChecks.PrintReport;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>
/// The PDFs: a case's issued decision document (the stored bytes, never rendered again) and a comparison report,
/// for whoever may see the case or the report; at the page addresses and under /api alike.
/// </summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", "/api" })
        {
            app.MapGet(prefix + "/cases/{id:guid}/decision.pdf", async (Guid id, IMediator m, HttpContext http, CancellationToken ct) =>
                {
                    var document = (await m.Send(new GetDecisionDocumentQuery(id, WithPdf: true), ct))!;
                    http.Response.Headers.ETag = $"\"{document.Sha256}\"";
                    return Results.File(document.Pdf!, "application/pdf", document.Content.Number + ".pdf");
                })
                .RequireAuthorization().WithTags("Cases")
                .WithSummary("The issued decision document (PDF, as issued: its SHA-256 is the ETag and on the public verification page).");
            app.MapGet(prefix + "/spatial-checks/{id:guid}/report.pdf", async (Guid id, IMediator m, CancellationToken ct) =>
                {
                    var report = await m.Send(new PrintSpatialCheckReportQuery(id), ct);
                    return Results.File(report.Pdf, "application/pdf", report.FileName);
                })
                .RequireAuthorization().WithTags("Spatial checks")
                .WithSummary("The comparison report as a PDF (A4, Chinese: the table, the findings, a map of the boundary over the hit features).");
        }
        return app;
    }
}
