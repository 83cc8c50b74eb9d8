using Approvals.Application.BaseMaps.ListBaseMapLayerVersions;
using Approvals.Application.BaseMaps.RollBackBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Admin;

/// <summary>Each base-map category's versions; administrators roll a category back to an earlier one, supervisors look.</summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Supervisor)]
public sealed class LayersModel(IMediator mediator, ActorAccessor actor) : PageModel, IFormPage
{
    public IReadOnlyList<BaseMapCategoryVersions> Categories { get; private set; } = [];
    public FormErrors Errors { get; } = new();
    public bool MayChange => actor.Current.IsInRole(Roles.Administrator);
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ReloadAsync(ct);

    public async Task ReloadAsync(CancellationToken ct) => Categories = await mediator.Send(new ListBaseMapLayerVersionsQuery(), ct);

    public async Task<IActionResult> OnPostRollBackAsync(Guid layerId, CancellationToken ct)
    {
        var rolledBack = await mediator.Send(new RollBackBaseMapLayerCommand(layerId), ct);
        Notice = Bilingual.Text($"{rolledBack.CategoryCode} 已回退到第 {rolledBack.Version} 版", $"{rolledBack.CategoryCode} is back on version {rolledBack.Version}");
        await ReloadAsync(ct);
        return Page();
    }
}
