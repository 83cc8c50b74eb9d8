using Approvals.Application.Identity;
using Approvals.Application.Rechecks.GetRecheckProgress;
using Approvals.Application.Rechecks.ListCasesDecidedOnChangedBaseMaps;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Rechecks;

/// <summary>
/// Re-checks after base-map changes: administrators follow each round's progress (done / to do); supervisors and
/// administrators see the cases decided on a base map that has since changed (their jurisdiction's).
/// </summary>
[Authorize(Roles = $"{Roles.Supervisor},{Roles.Administrator}")]
public sealed class IndexModel(IMediator mediator, ActorAccessor actor) : PageModel
{
    public IReadOnlyList<RecheckProgress>? Rounds { get; private set; }
    public IReadOnlyList<CaseDecidedOnChangedBaseMap> Decided { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (actor.Current.IsInRole(Roles.Administrator)) Rounds = await mediator.Send(new GetRecheckProgressQuery(), ct);
        Decided = await mediator.Send(new ListCasesDecidedOnChangedBaseMapsQuery(), ct);
    }
}
