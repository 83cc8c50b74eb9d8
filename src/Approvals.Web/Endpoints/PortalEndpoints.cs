using System.Text.Json;
using Approvals.Application.Attachments;
using Approvals.Application.Attachments.GetAttachmentContent;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.Application.SpatialChecks.GetBoundaryMap;
using Mediator;
using Microsoft.Net.Http.Headers;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Approvals.Web.Endpoints;

/// <summary>
/// What the portal's pages fetch: attachment downloads (the applicant's organisation and the staff who
/// may see the case) and the web map's layers of a spatial check or a case (GeoJSON, EPSG:4490 lon/lat).
/// </summary>
public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/attachments/{id:guid}", async (Guid id, bool? inline, IMediator m, HttpContext http, CancellationToken ct) =>
        {
            var file = await m.Send(new GetAttachmentContentQuery(id), ct);
            // The type is the one found in the content, and nosniff holds the browser to it. Anything but a PDF
            // shown inline is also sandboxed (Chromium's PDF viewer refuses to open in a sandbox, and the site's own
            // policy would keep its viewer out): a PDF is only kept from being framed.
            var show = inline == true && (AttachmentRules.IsImage(file.ContentType) || file.ContentType == "application/pdf");
            http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            http.Response.Headers[HeaderNames.ContentSecurityPolicy] = show && file.ContentType == "application/pdf"
                ? "frame-ancestors 'none'"
                : "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
            var disposition = new ContentDispositionHeaderValue(show ? "inline" : "attachment");
            disposition.SetHttpFileName(file.FileName);
            http.Response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
            return Results.Bytes(file.Content, file.ContentType);
        }).RequireAuthorization().WithTags("Attachments").WithSummary("Downloads an attachment (?inline=true to preview a PDF or image).");

        app.MapPost("/api/drafts/{id:guid}/submit", async (Guid id, IMediator m, CancellationToken ct) =>
        {
            var submitted = await m.Send(new SubmitDraftCommand(id), ct);
            return Results.Created($"/api/cases/{submitted.Id}", submitted);
        }).RequireAuthorization().WithTags("Cases")
            .WithSummary("Submits a draft of the portal as a case: 400 naming each missing step and each required document not yet attached; again, the same case.");

        var maps = app.MapGroup("/api/boundary-maps").WithTags("Spatial checks").RequireAuthorization();
        maps.MapGet("/checks/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => GeoJson(await m.Send(new GetBoundaryMapQuery(id, null), ct)))
            .WithSummary("The boundary and the features it hit of a spatial check, for a web map (GeoJSON, EPSG:4490 lon/lat).");
        maps.MapGet("/cases/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => GeoJson(await m.Send(new GetBoundaryMapQuery(null, id), ct)))
            .WithSummary("A case's boundary and the features its last spatial check hit (GeoJSON, EPSG:4490 lon/lat).");
        return app;
    }

    private static IResult GeoJson(BoundaryMap map)
    {
        var collection = new FeatureCollection
        {
            new Feature(map.Boundary, new AttributesTable { { "kind", "boundary" } }),
        };
        foreach (var hit in map.Hits)
            collection.Add(new Feature(hit.Geometry, new AttributesTable
            {
                { "kind", "hit" }, { "id", hit.Id }, { "category", hit.CategoryCode }, { "order", hit.CategoryOrder },
                { "categoryName", hit.CategoryName }, { "name", hit.Name }, { "overlapM2", hit.OverlapM2 },
            }));
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return Results.Text(JsonSerializer.Serialize(collection, options), "application/geo+json");
    }
}
