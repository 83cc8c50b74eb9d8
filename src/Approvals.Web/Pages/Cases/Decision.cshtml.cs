using Approvals.Application.Cases;
using Approvals.Application.Cases.GetCase;
using Approvals.Application.Decisions;
using Approvals.Application.Decisions.GetDecisionDocument;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Cases;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Cases;

/// <summary>
/// The decision document: an approval (预审意见书) or a refusal (不予通过预审决定书), all in the reader's language. A
/// decision issued as a PDF shows the text stored when it was issued (the PDF's own source), with the PDF and its
/// verification page; one decided before documents were stored is composed from the case as before.
/// </summary>
[Authorize]
public sealed class DecisionModel(IMediator mediator, ApprovalsDbContext db, ProvinceRules rules, ActorAccessor actor) : PageModel
{
    public CaseView Case { get; private set; } = null!;
    public DecisionDocumentText Text { get; private set; } = null!;
    public bool Approved { get; private set; }
    /// <summary>The issued document (null for a decision from before documents were stored).</summary>
    public IssuedDecisionDocument? Issued { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Case = await mediator.Send(new GetCaseQuery(id), ct);
        if (Case.Decision is not { Result: CaseStatus.Approved or CaseStatus.Refused } decision) return NotFound();
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        Approved = decision.Result == CaseStatus.Approved;
        Issued = await mediator.Send(new GetDecisionDocumentQuery(id), ct);
        if (Issued is not null)
        {
            Text = Issued.Content.In(english);
            return Page();
        }
        var c = await CaseAccess.FindVisibleAsync(db, actor.Current, id, ct);
        Text = DecisionDocumentText.Compose(await DecisionFacts.LoadAsync(db, rules, c, decision.At!.Value, ct), english);
        return Page();
    }
}
