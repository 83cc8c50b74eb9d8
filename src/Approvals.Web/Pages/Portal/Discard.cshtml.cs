using Approvals.Application.Drafts.DiscardDraft;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Identity;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>The applicant confirms that a draft it no longer needs is thrown away, documents and all.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class DiscardModel(IMediator mediator) : PageModel, IFormPage
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
        // Submitted meanwhile (another tab): a conflict, shown on this page; the draft now belongs to its case and stays.
        await mediator.Send(new DiscardDraftCommand(id), ct);
        return Redirect("/portal");
    }

    public async Task ReloadAsync(CancellationToken ct) => Draft = await mediator.Send(new GetDraftQuery(this.RouteId()), ct);
}
