using Approvals.Application.Applicants.ApproveMembershipRequest;
using Approvals.Application.Applicants.InviteMember;
using Approvals.Application.Applicants.ListMembershipRequests;
using Approvals.Application.Applicants.ListOrganisationInvitations;
using Approvals.Application.Applicants.ListOrganisationMembers;
using Approvals.Application.Applicants.RejectMembershipRequest;
using Approvals.Application.Applicants.RevokeInvitation;
using Approvals.Application.Identity;
using Approvals.Web.Endpoints;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>
/// My organisation: its members, the requests to join that wait for a member (approve or reject), and
/// invitations (create one and see its link once, revoke the open ones).
/// </summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class OrganisationModel(IMediator mediator, ActorAccessor actor) : PageModel, IFormPage
{
    public OrganisationMembers Organisation { get; private set; } = null!;
    public IReadOnlyList<PendingMembershipRequest> Requests { get; private set; } = [];
    public IReadOnlyList<OpenInvitation> Invitations { get; private set; } = [];
    /// <summary>The link of the invitation just created; shown in this answer only.</summary>
    public string? NewLink { get; private set; }
    [BindProperty] public string? InviteEmail { get; set; }
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.Current.OrganisationId is null) return Redirect("/portal");
        await ReloadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var created = await mediator.Send(new InviteMemberCommand(InviteEmail), ct);
        // Not redirected: the token exists only in this answer.
        NewLink = OrganisationEndpoints.LinkFor(Request, created.Token);
        InviteEmail = null;
        await ReloadAsync(ct);
        return Page();
    }

    // A conflict (someone else decided first) is shown on the page, which shows where things stand now.
    public async Task<IActionResult> OnPostApproveAsync(Guid requestId, CancellationToken ct)
    {
        await mediator.Send(new ApproveMembershipRequestCommand(requestId), ct);
        return Redirect("/portal/organisation");
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid requestId, string? reason, CancellationToken ct)
    {
        await mediator.Send(new RejectMembershipRequestCommand(requestId, reason), ct);
        return Redirect("/portal/organisation");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken ct)
    {
        await mediator.Send(new RevokeInvitationCommand(invitationId), ct);
        return Redirect("/portal/organisation");
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        Organisation = await mediator.Send(new ListOrganisationMembersQuery(), ct);
        Requests = await mediator.Send(new ListMembershipRequestsQuery(), ct);
        Invitations = await mediator.Send(new ListOrganisationInvitationsQuery(), ct);
    }
}
