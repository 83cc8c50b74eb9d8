using Approvals.Application.Drafts.ListMyApplications;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Application.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>My applications: drafts, cases in progress and decided cases of my organisation.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public MyApplications Applications { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Applications = await mediator.Send(new ListMyApplicationsQuery(), ct);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var id = await mediator.Send(new StartDraftCommand(), ct);
        return Redirect($"/portal/drafts/{id}/project");
    }
}
