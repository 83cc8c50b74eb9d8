using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>The confirmation of a submitted draft, with its case number.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class SubmittedModel(IMediator mediator) : PageModel
{
    public DraftView Draft { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        return Draft.IsSubmitted ? Page() : Redirect($"/portal/drafts/{id}/submit");
    }
}
