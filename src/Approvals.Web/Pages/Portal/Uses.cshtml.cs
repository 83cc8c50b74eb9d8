using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftUses;
using Approvals.Application.Identity;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>Step 2 of a draft: the uses requested and their specific facts.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class UsesModel(IMediator mediator) : PageModel, IFormPage
{
    public DraftView Draft { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    // The fields post under their own names (UseLand, ForestAreaHa, …): the form is bound without a prefix.
    [BindProperty(Name = "")] public UseFieldsForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        if (Draft.IsSubmitted) return Redirect($"/portal/drafts/{id}/submitted");
        Form = UseFieldsForm.From(Draft.Uses);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var uses = Form.ToUses(Errors);
        if (Errors.Any)
        {
            await ReloadAsync(ct);
            return Page();
        }
        await mediator.Send(new SaveDraftUsesCommand(id, uses), ct);
        return Redirect($"/portal/drafts/{id}/boundary");
    }

    public async Task ReloadAsync(CancellationToken ct) => Draft = await mediator.Send(new GetDraftQuery(this.RouteId()), ct);
}
