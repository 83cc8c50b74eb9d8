using Approvals.Application.Applicants.ApproveMembershipRequest;
using Approvals.Application.Applicants.InviteMember;
using Approvals.Application.Applicants.ListMembershipRequests;
using Approvals.Application.Applicants.ListOrganisationInvitations;
using Approvals.Application.Applicants.ListOrganisationMembers;
using Approvals.Application.Applicants.RejectMembershipRequest;
using Approvals.Application.Applicants.RevokeInvitation;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Web.Endpoints;
using FluentValidation;
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
public sealed class OrganisationModel(IMediator mediator, ActorAccessor actor) : PageModel
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
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        try
        {
            var created = await mediator.Send(new InviteMemberCommand(InviteEmail), ct);
            // Not redirected: the token exists only in this answer.
            NewLink = OrganisationEndpoints.LinkFor(Request, created.Token);
            InviteEmail = null;
        }
        catch (ValidationException e)
        {
            Errors.Add(e);
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid requestId, CancellationToken ct) =>
        ActAsync(() => mediator.Send(new ApproveMembershipRequestCommand(requestId), ct).AsTask(), ct);

    public Task<IActionResult> OnPostRejectAsync(Guid requestId, string? reason, CancellationToken ct) =>
        ActAsync(() => mediator.Send(new RejectMembershipRequestCommand(requestId, reason), ct).AsTask(), ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken ct) =>
        ActAsync(() => mediator.Send(new RevokeInvitationCommand(invitationId), ct).AsTask(), ct);

    private async Task<IActionResult> ActAsync(Func<Task> act, CancellationToken ct)
    {
        try
        {
            await act();
            return Redirect("/portal/organisation");
        }
        catch (ValidationException e)
        {
            Errors.Add(e);
        }
        catch (ConflictException e)
        {
            // Someone else decided first: the page shows where things stand now.
            Errors.Add("", e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisation = await mediator.Send(new ListOrganisationMembersQuery(), ct);
        Requests = await mediator.Send(new ListMembershipRequestsQuery(), ct);
        Invitations = await mediator.Send(new ListOrganisationInvitationsQuery(), ct);
    }
}
