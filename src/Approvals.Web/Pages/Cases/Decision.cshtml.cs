using Approvals.Application.Cases.GetCase;
using Approvals.Application.Decisions;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Domain.Cases;
using Approvals.Domain.Decisions;
using Approvals.Domain.Jurisdictions;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Web.Pages.Cases;

/// <summary>
/// The printable decision document: an approval (预审意见书) or a refusal (不予通过预审决定书), all in the reader's language,
/// issued by the authorities of the deciding level (会签) with the date in its own signature block.
/// </summary>
[Authorize]
public sealed class DecisionModel(IMediator mediator, ApprovalsDbContext db, ProvinceRules rules) : PageModel
{
    public CaseView Case { get; private set; } = null!;
    public Jurisdiction County { get; private set; } = null!;
    /// <summary>Who issued it; decisions from before issuers were recorded are named by today's configuration.</summary>
    public IReadOnlyList<IssuingAuthority> Issuers { get; private set; } = [];
    /// <summary>The issuing jurisdiction, whose people's government hears an administrative reconsideration.</summary>
    public Jurisdiction IssuingJurisdiction { get; private set; } = null!;
    /// <summary>The base-map categories the boundary overlaps, from the case's spatial report.</summary>
    public IReadOnlyList<CategoryResult> Overlaps { get; private set; } = [];
    public DecisionDocumentRules DocumentRules => rules.DecisionDocuments;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Case = await mediator.Send(new GetCaseQuery(id), ct);
        if (Case.Decision is not { Result: CaseStatus.Approved or CaseStatus.Refused } decision) return NotFound();
        var chain = new List<Jurisdiction>();
        for (string? code = Case.CountyCode; code is not null;)
        {
            var j = await db.Jurisdictions.AsNoTracking().SingleAsync(x => x.Code == code, ct);
            chain.Add(j);
            code = j.ParentCode;
        }
        County = chain[0];
        Issuers = decision.Issuers;
        if (Issuers.Count == 0)
        {
            var level = Enum.TryParse<JurisdictionLevel>(decision.Level, out var l) ? l : JurisdictionLevel.County;
            var at = chain.FirstOrDefault(j => j.Level == level) ?? chain[^1];
            Issuers = await DecisionIssuers.ResolveAsync(db, rules, at.Code, Case.RequiredDepartments, ct);
        }
        IssuingJurisdiction = chain.FirstOrDefault(j => j.Code == Issuers[0].JurisdictionCode)
            ?? await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == Issuers[0].JurisdictionCode, ct);
        if (Case.SpatialReport is { } json)
            Overlaps = ComparisonReport.FromJson(json).Categories.Where(c => c.Status == CategoryStatus.Intersects).ToList();
        return Page();
    }
}
