using Approvals.Application.Attachments.ListAttachments;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SubmitDraft;
using Approvals.Application.Identity;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>Step 5: the applicant checks everything and submits; a second submission of the same draft shows the same case.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class SubmitModel(IMediator mediator) : PageModel, IFormPage
{
    public DraftView Draft { get; private set; } = null!;
    public int AttachmentCount { get; private set; }
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Draft.IsSubmitted ? Redirect($"/portal/drafts/{id}/submitted") : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        await mediator.Send(new SubmitDraftCommand(id), ct);
        return Redirect($"/portal/drafts/{id}/submitted");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(this.RouteId(), ct);

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        AttachmentCount = Draft.IsSubmitted ? 0 : (await mediator.Send(new ListAttachmentsQuery(id, null), ct)).Count;
    }
}
