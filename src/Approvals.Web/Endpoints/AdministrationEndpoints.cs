using Approvals.Application.Auditing.VerifyAuditChain;
using Approvals.Application.BaseMaps.ListBaseMapLayerVersions;
using Approvals.Application.BaseMaps.RollBackBaseMapLayer;
using Approvals.Application.Identity;
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

        app.MapGet("/api/audit/verification", (IMediator m, CancellationToken ct) => m.Send(new VerifyAuditChainQuery(), ct))
            .WithTags("Audit").RequireAuthorization(policy => policy.RequireRole(Roles.Administrator))
            .WithSummary("Checks the hash chain of the audit trail and names the first broken entry.");
        return app;
    }
}
