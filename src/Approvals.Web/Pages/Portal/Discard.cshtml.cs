using Approvals.Application.Drafts.DiscardDraft;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>The applicant confirms that a draft it no longer needs is thrown away, documents and all.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class DiscardModel(IMediator mediator) : PageModel
{
    public DraftView Draft { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        return Draft.IsSubmitted ? Redirect($"/portal/drafts/{id}/submitted") : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new DiscardDraftCommand(id), ct);
            return Redirect("/portal");
        }
        catch (ConflictException e)
        {
            // Submitted meanwhile (another tab): the draft now belongs to its case and stays.
            Errors.Add("", e.Message);
        }
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        return Page();
    }
}
