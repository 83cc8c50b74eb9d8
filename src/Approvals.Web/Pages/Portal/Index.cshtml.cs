using Approvals.Application.Applicants.GetMyMembership;
using Approvals.Application.Applicants.ListMembershipRequests;
using Approvals.Application.Drafts.ListMyApplications;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>
/// My applications: drafts, cases in progress and decided cases of my organisation. An applicant who belongs
/// to no organisation yet sees where their request to join stands, and nothing else.
/// </summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class IndexModel(IMediator mediator, ActorAccessor actor) : PageModel
{
    public MyApplications Applications { get; private set; } = null!;
    /// <summary>Set instead of <see cref="Applications"/> while the applicant belongs to no organisation.</summary>
    public MyMembership? Membership { get; private set; }
    /// <summary>How many requests to join the organisation wait for a member's decision.</summary>
    public int WaitingRequests { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (actor.Current.OrganisationId is null)
        {
            Membership = await mediator.Send(new GetMyMembershipQuery(), ct);
            return;
        }
        Applications = await mediator.Send(new ListMyApplicationsQuery(), ct);
        WaitingRequests = (await mediator.Send(new ListMembershipRequestsQuery(), ct)).Count;
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var id = await mediator.Send(new StartDraftCommand(), ct);
        return Redirect($"/portal/drafts/{id}/project");
    }
}
