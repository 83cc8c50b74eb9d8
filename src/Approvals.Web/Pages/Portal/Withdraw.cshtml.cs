using Approvals.Application.Cases.GetCase;
using Approvals.Application.Cases.WithdrawCase;
using Approvals.Application.Identity;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>The applicant withdraws its application, with a reason, before the decision.</summary>
[Authorize(Roles = Roles.Applicant)]
public sealed class WithdrawModel(IMediator mediator) : PageModel, IFormPage
{
    public CaseView Case { get; private set; } = null!;
    public FormErrors Errors { get; } = new();
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Case = await mediator.Send(new GetCaseQuery(id), ct);
        return Case.Decision is null ? Page() : Redirect($"/cases/{id}");
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        await mediator.Send(new WithdrawCaseCommand(id, Reason ?? ""), ct);
        return Redirect($"/cases/{id}");
    }

    public async Task ReloadAsync(CancellationToken ct) => Case = await mediator.Send(new GetCaseQuery(this.RouteId()), ct);
}
