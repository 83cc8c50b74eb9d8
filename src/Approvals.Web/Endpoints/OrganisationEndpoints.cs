using Approvals.Application.Applicants.AcceptInvitation;
using Approvals.Application.Applicants.ApproveMembershipRequest;
using Approvals.Application.Applicants.GetMyMembership;
using Approvals.Application.Applicants.InviteMember;
using Approvals.Application.Applicants.ListMembershipRequests;
using Approvals.Application.Applicants.ListOrganisationInvitations;
using Approvals.Application.Applicants.ListOrganisationMembers;
using Approvals.Application.Applicants.RejectMembershipRequest;
using Approvals.Application.Applicants.RevokeInvitation;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>
/// The caller's organisation: its members, requests to join (which administrators see for every
/// organisation), invitations, and the caller's own membership.
/// </summary>
public static class OrganisationEndpoints
{
    public sealed record InvitationRequest(string? Email);

    public sealed record TokenRequest(string? Token);

    /// <param name="Link">The registration link to send; like the token, it is shown this once.</param>
    public sealed record InvitationLink(Guid Id, string Link, string Token, string? Email, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        var organisation = app.MapGroup("/api/organisation").WithTags("Organisation").RequireAuthorization();
        organisation.MapGet("/", (IMediator m, CancellationToken ct) => m.Send(new ListOrganisationMembersQuery(), ct))
            .WithSummary("My organisation and its members (members only).");
        organisation.MapGet("/membership", (IMediator m, CancellationToken ct) => m.Send(new GetMyMembershipQuery(), ct))
            .WithSummary("Whether I belong to an organisation or my request to join still waits (applicants).");

        organisation.MapGet("/membership-requests", (IMediator m, CancellationToken ct) => m.Send(new ListMembershipRequestsQuery(), ct))
            .WithSummary("Requests to join waiting for a decision: my organisation's, or every organisation's for administrators.");
        organisation.MapPost("/membership-requests/{id:guid}/approve", (Guid id, IMediator m, CancellationToken ct) =>
            m.Send(new ApproveMembershipRequestCommand(id), ct))
            .WithSummary("Lets the requester in (a member of the organisation or an administrator); they see its applications from their next request.");
        organisation.MapPost("/membership-requests/{id:guid}/reject", (Guid id, CaseEndpoints.ReasonRequest? body, IMediator m, CancellationToken ct) =>
            m.Send(new RejectMembershipRequestCommand(id, body?.Reason), ct))
            .WithSummary("Turns the requester away, optionally with a reason (a member of the organisation or an administrator).");

        organisation.MapGet("/invitations", (IMediator m, CancellationToken ct) => m.Send(new ListOrganisationInvitationsQuery(), ct))
            .WithSummary("My organisation's invitations that can still be used.");
        organisation.MapPost("/invitations", async (InvitationRequest? body, IMediator m, HttpRequest request, CancellationToken ct) =>
        {
            var created = await m.Send(new InviteMemberCommand(body?.Email), ct);
            return Results.Created($"/api/organisation/invitations",
                new InvitationLink(created.Id, LinkFor(request, created.Token), created.Token, created.Email, created.ExpiresAt));
        }).WithSummary("Invites someone (optionally only one email address) to join my organisation: a one-time registration link, shown once.");
        organisation.MapPost("/invitations/{id:guid}/revoke", async (Guid id, IMediator m, CancellationToken ct) =>
        {
            await m.Send(new RevokeInvitationCommand(id), ct);
            return Results.NoContent();
        }).WithSummary("Revokes an unused invitation; its link stops working.");
        organisation.MapPost("/invitations/accept", (TokenRequest body, IMediator m, CancellationToken ct) =>
            m.Send(new AcceptInvitationCommand(body.Token ?? ""), ct))
            .WithSummary("Joins the inviting organisation as the signed-in applicant (who must belong to none yet).");
        return app;
    }

    /// <summary>The registration page's address with the invitation, on the host the member is using.</summary>
    public static string LinkFor(HttpRequest request, string token) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/account/register?invitation={Uri.EscapeDataString(token)}";
}
