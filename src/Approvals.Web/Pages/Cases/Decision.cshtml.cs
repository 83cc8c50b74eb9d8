using Approvals.Application.Cases.GetCase;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Web.Pages.Cases;

/// <summary>The printable decision document (预审意见书).</summary>
[Authorize]
public sealed class DecisionModel(IMediator mediator, ApprovalsDbContext db) : PageModel
{
    public CaseView Case { get; private set; } = null!;
    public string CountyName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Case = await mediator.Send(new GetCaseQuery(id), ct);
        if (Case.Decision is null || Case.Decision.Result is not (Domain.Cases.CaseStatus.Approved or Domain.Cases.CaseStatus.Refused)) return NotFound();
        CountyName = await db.Jurisdictions.Where(j => j.Code == Case.CountyCode).Select(j => j.Name).SingleAsync(ct);
        return Page();
    }
}
