using Approvals.Application.Auditing.VerifyAuditChain;
using Approvals.Application.BaseMaps.GetBaseMapImport;
using Approvals.Application.BaseMaps.GetRefusedFeaturesReport;
using Approvals.Application.BaseMaps.ListBaseMapImports;
using Approvals.Application.BaseMaps.ListBaseMapLayerVersions;
using Approvals.Application.BaseMaps.RollBackBaseMapLayer;
using Approvals.Application.BaseMaps.StartBaseMapImport;
using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Jurisdictions.GetJurisdictionStaff;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Application.Staff.CreateStaffUser;
using Approvals.Application.Staff.DisableStaffUser;
using Approvals.Application.Staff.EnableStaffUser;
using Approvals.Application.Staff.ImportStaff;
using Approvals.Application.Staff.ListStaff;
using Approvals.Application.Staff.ResetStaffPassword;
using Approvals.Domain.Departments;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Approvals.Web.Endpoints;

public static class AdministrationEndpoints
{
    public static IEndpointRouteBuilder MapAdministrationEndpoints(this IEndpointRouteBuilder app)
    {
        var jurisdictions = app.MapGroup("/api/jurisdictions").WithTags("Jurisdictions").RequireAuthorization();
        jurisdictions.MapGet("/", (IMediator m, CancellationToken ct) => m.Send(new ListJurisdictionsQuery(), ct))
            .WithSummary("The jurisdictions visible to the caller.");
        jurisdictions.MapGet("/{code}/staff", (string code, IMediator m, CancellationToken ct) => m.Send(new GetJurisdictionStaffQuery(code), ct))
            .WithSummary("Who accepts, reviews and supervises at a jurisdiction (staff within their scope only).");

        app.MapPost("/api/staff", async (CreateStaffUserCommand command, IMediator m, CancellationToken ct) =>
            Results.Created($"/api/jurisdictions/{command.JurisdictionCode}/staff", await m.Send(command, ct)))
            .WithTags("Jurisdictions").RequireAuthorization()
            .WithSummary("Opens an account for a window clerk, reviewer or supervisor of a jurisdiction (administrators). Without a password the answer carries a one-time password, to be changed at the first sign-in.");

        var staff = app.MapGroup("/api/staff").WithTags("Staff").RequireAuthorization();
        staff.MapGet("/", (string? q, string? role, Department? department, string? jurisdiction, bool? enabled, IMediator m, CancellationToken ct) =>
            m.Send(new ListStaffQuery(q, role, department, jurisdiction, enabled), ct))
            .WithSummary("Staff accounts, searched and filtered (administrators; supervisors read their own scope).");
        staff.MapPost("/{id:guid}/disable", (Guid id, IMediator m, CancellationToken ct) => m.Send(new DisableStaffUserCommand(id), ct))
            .WithSummary("Disables an account: no sign-in, sessions end, claimed tasks return to their pool (administrators).");
        staff.MapPost("/{id:guid}/enable", (Guid id, IMediator m, CancellationToken ct) => m.Send(new EnableStaffUserCommand(id), ct))
            .WithSummary("Enables a disabled account again (administrators).");
        staff.MapPost("/{id:guid}/password-reset", (Guid id, IMediator m, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return m.Send(new ResetStaffPasswordCommand(id), ct);
        }).WithSummary("Gives the account a one-time password (in the answer, once) that must be changed at the next sign-in (administrators).");
        staff.MapPost("/import", async (IFormFile file, bool? dryRun, IMediator m, HttpContext http, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(buffer, ct);
            http.Response.Headers.CacheControl = "no-store";
            return await m.Send(new ImportStaffCommand(file.FileName, buffer.ToArray(), dryRun ?? true), ct);
        }).DisableAntiforgery()
            .WithSummary("Imports staff from a CSV or xlsx file (multipart field `file`): every row's errors; `dryRun=false` creates all accounts in one transaction when no row has an error (administrators).");

        var layers = app.MapGroup("/api/basemaps").WithTags("Base maps").RequireAuthorization();
        layers.MapGet("/versions", (IMediator m, CancellationToken ct) => m.Send(new ListBaseMapLayerVersionsQuery(), ct))
            .WithSummary("Every version of every base-map category: who, when, file, features, extent, current or not (administrators, supervisors).");
        layers.MapPost("/layers/{id:guid}/roll-back", (Guid id, IMediator m, CancellationToken ct) => m.Send(new RollBackBaseMapLayerCommand(id), ct))
            .WithSummary("Makes an earlier version of a category current again; the current ones are superseded, nothing is deleted (administrators).");

        // The upload's body may be as large as the setting allows (plus the form's other fields); Kestrel refuses more
        // with a 413 before it is read, which the problem handler words.
        var uploadLimit = app.ServiceProvider.GetRequiredService<ApprovalsOptions>().LayerUploadBytes;
        layers.MapPost("/imports", async (IFormFile? file, [FromForm] string? category, [FromForm] string? srid, [FromForm] string? nameField,
                [FromForm] bool? replace, [FromForm] bool? acceptRefused, IMediator m, CancellationToken ct) =>
            {
                // The EPSG code is read here so that "abc" is refused in words, next to the field, like any other bad value.
                int? sourceSrid = null;
                if (!string.IsNullOrWhiteSpace(srid))
                    sourceSrid = int.TryParse(srid, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code
                        : throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("srid", Bilingual.Text(
                            $"坐标系“{srid}”不是 EPSG 代码：请填数字，如 4490 或 4527", $"\"{srid}\" is not an EPSG code: write a number such as 4490 or 4527"))]);
                var content = file is null ? [] : await ReadAsync(file, uploadLimit, ct);
                var import = await m.Send(new StartBaseMapImportCommand(category ?? "", file?.FileName ?? "", content, sourceSrid, nameField,
                    replace ?? false, acceptRefused ?? false), ct);
                return Results.Accepted($"/api/basemaps/imports/{import.Id}", import);
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(uploadLimit + 1024 * 1024))
            .WithFormOptions(multipartBodyLengthLimit: uploadLimit + 1024 * 1024)
            .WithSummary("Uploads a base-map layer (multipart: `file` GeoJSON/.zip Shapefile/.gpkg, `category`, `srid`, `nameField`, `replace`, `acceptRefused`) and queues its import as background work; 202 with the import record, whose Location shows its progress (administrators).");
        layers.MapGet("/imports", (int? take, IMediator m, CancellationToken ct) => m.Send(new ListBaseMapImportsQuery(take ?? 20), ct))
            .WithSummary("The most recent base-map uploads with their status, newest first (administrators, the province's supervisors).");
        layers.MapGet("/imports/{id:guid}", (Guid id, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return m.Send(new GetBaseMapImportQuery(id), ct);
            })
            .WithSummary("How far an uploaded layer's import is: status, phase, features read, written, repaired and refused, percent, how it ended (administrators, the province's supervisors).");
        layers.MapGet("/imports/{id:guid}/refused.csv", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var report = await m.Send(new GetRefusedFeaturesReportQuery(id), ct);
                return Results.File(report.Csv, "text/csv; charset=utf-8", report.FileName);
            })
            .WithSummary("The features an import refused, as CSV (feature id, reason in Chinese, reason in English; UTF-8 with BOM) (administrators, the province's supervisors).");

        app.MapGet("/api/audit/verification", (IMediator m, CancellationToken ct) => m.Send(new VerifyAuditChainQuery(), ct))
            .WithTags("Audit").RequireAuthorization(policy => policy.RequireRole(Roles.Administrator))
            .WithSummary("Checks the hash chain of the audit trail and names the first broken entry.");
        return app;
    }

    /// <summary>The uploaded file's bytes; a file over the limit is refused by its length (400, naming the limit) before it is copied.</summary>
    private static async Task<byte[]> ReadAsync(IFormFile file, long limit, CancellationToken ct)
    {
        if (file.Length > limit)
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("file", StartBaseMapImportValidator.TooLarge(file.Length, limit))]);
        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
