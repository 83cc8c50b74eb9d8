using Approvals.Application.Auditing.VerifyAuditChain;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions.GetJurisdictionStaff;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Application.Staff.CreateStaffUser;
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
            .WithSummary("Opens an account for a window clerk, reviewer or supervisor of a jurisdiction (administrators).");

        app.MapGet("/api/audit/verification", (IMediator m, CancellationToken ct) => m.Send(new VerifyAuditChainQuery(), ct))
            .WithTags("Audit").RequireAuthorization(policy => policy.RequireRole(Roles.Administrator))
            .WithSummary("Checks the hash chain of the audit trail and names the first broken entry.");
        return app;
    }
}
