using Approvals.Application.Applicants.ApproveMembershipRequest;
using Approvals.Application.Applicants.ListMembershipRequests;
using Approvals.Application.Applicants.RejectMembershipRequest;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Web.Pages.Portal;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Administration;

/// <summary>Administrators decide requests to join of every organisation (for one whose members cannot or do not).</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class MembershipRequestsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<PendingMembershipRequest> Requests { get; private set; } = [];
    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Requests = await mediator.Send(new ListMembershipRequestsQuery(), ct);

    public Task<IActionResult> OnPostApproveAsync(Guid requestId, CancellationToken ct) =>
        ActAsync(() => mediator.Send(new ApproveMembershipRequestCommand(requestId), ct).AsTask(), ct);

    public Task<IActionResult> OnPostRejectAsync(Guid requestId, string? reason, CancellationToken ct) =>
        ActAsync(() => mediator.Send(new RejectMembershipRequestCommand(requestId, reason), ct).AsTask(), ct);

    private async Task<IActionResult> ActAsync(Func<Task> act, CancellationToken ct)
    {
        try
        {
            await act();
            return Redirect("/administration/membership-requests");
        }
        catch (ValidationException e)
        {
            Errors.Add(e);
        }
        catch (ConflictException e)
        {
            Errors.Add("", e.Message);
        }
        await OnGetAsync(ct);
        return Page();
    }
}
