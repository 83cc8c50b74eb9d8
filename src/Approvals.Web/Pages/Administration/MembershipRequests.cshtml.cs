using Approvals.Application.Applicants.ApproveMembershipRequest;
using Approvals.Application.Applicants.ListMembershipRequests;
using Approvals.Application.Applicants.RejectMembershipRequest;
using Approvals.Application.Identity;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Administration;

/// <summary>Administrators decide requests to join of every organisation (for one whose members cannot or do not).</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class MembershipRequestsModel(IMediator mediator) : PageModel, IFormPage
{
    public IReadOnlyList<PendingMembershipRequest> Requests { get; private set; } = [];
    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Requests = await mediator.Send(new ListMembershipRequestsQuery(), ct);

    // A conflict (another administrator or a member decided first) is shown on the page, which shows the requests as they stand now.
    public async Task<IActionResult> OnPostApproveAsync(Guid requestId, CancellationToken ct)
    {
        await mediator.Send(new ApproveMembershipRequestCommand(requestId), ct);
        return Redirect("/administration/membership-requests");
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid requestId, string? reason, CancellationToken ct)
    {
        await mediator.Send(new RejectMembershipRequestCommand(requestId, reason), ct);
        return Redirect("/administration/membership-requests");
    }

    public Task ReloadAsync(CancellationToken ct) => OnGetAsync(ct);
}
