using System.Text;
using Approvals.Application.Rules.DraftRulesVersion;
using Approvals.Application.Rules.GetCurrentRules;
using Approvals.Application.Rules.GetRulesFile;
using Approvals.Application.Rules.ListRulesVersions;
using Approvals.Application.Rules.PreviewRulesChange;
using Approvals.Application.Rules.PublishRulesVersion;
using Mediator;

namespace Approvals.Web.Endpoints;

public static class RulesEndpoints
{
    public static IEndpointRouteBuilder MapRulesEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/rules").WithTags("Rules").RequireAuthorization();
        rules.MapGet("/", (IMediator m, CancellationToken ct) => m.Send(new GetCurrentRulesQuery(), ct))
            .WithSummary("The rules in force as tables: base-map categories, routing thresholds, time limits, calendar years (administrators, the province's supervisors).");
        rules.MapGet("/versions", (IMediator m, CancellationToken ct) => m.Send(new ListRulesVersionsQuery(), ct))
            .WithSummary("Every published rules version, newest first: who, when, note, files changed (administrators, the province's supervisors).");
        rules.MapGet("/versions/{version:int}/files/{**fileName}", async (int version, string fileName, IMediator m, CancellationToken ct) =>
        {
            var file = await m.Send(new GetRulesFileQuery(version, fileName), ct);
            return Results.File(Encoding.UTF8.GetBytes(file.Content), "application/json; charset=utf-8", $"v{version}-{fileName.Replace('/', '-')}");
        }).WithSummary("One file of a published version, as published (administrators, the province's supervisors).");
        rules.MapPost("/drafts", async (IFormFileCollection files, IMediator m, CancellationToken ct) =>
        {
            var uploads = new List<UploadedRulesFile>();
            foreach (var file in files)
            {
                using var buffer = new MemoryStream();
                await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(buffer, ct);
                uploads.Add(new UploadedRulesFile(file.FileName, buffer.ToArray()));
            }
            return Results.Created($"/api/rules/drafts", await m.Send(new DraftRulesVersionCommand(uploads), ct));
        }).DisableAntiforgery()
            .WithSummary("Uploads rules files (multipart, one or more `files`: each replaces that file of the version in force; or one zip with the whole set). Checked as at start-up (400 naming the file and field); stored as a draft and answered with its preview: recent cases whose departments or deciding level would change (administrators).");
        rules.MapGet("/drafts/{id:guid}/preview", (Guid id, IMediator m, CancellationToken ct) => m.Send(new PreviewRulesChangeQuery(id), ct))
            .WithSummary("The preview of a stored draft again (administrators).");
        rules.MapPost("/drafts/{id:guid}/publish", (Guid id, PublishRequest? request, IMediator m, CancellationToken ct) =>
            m.Send(new PublishRulesVersionCommand(id, request?.Note), ct))
            .WithSummary("Publishes a draft as the next version, in force for cases routed from now on; running cases keep theirs (administrators).");
        return app;
    }

    public sealed record PublishRequest(string? Note);
}
