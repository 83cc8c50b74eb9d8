using Approvals.Application.BaseMaps.GetBaseMapImport;
using Approvals.Application.BaseMaps.ListBaseMapImports;
using Approvals.Application.BaseMaps.ListBaseMapLayerVersions;
using Approvals.Application.BaseMaps.RollBackBaseMapLayer;
using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Admin;

/// <summary>
/// Each base-map category's versions; administrators upload a new layer (imported in the background, its progress shown
/// here, see wwwroot/js/layer-upload.js) and roll a category back to an earlier version; supervisors look.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Supervisor)]
public sealed class LayersModel(IMediator mediator, ActorAccessor actor, ApprovalsOptions options) : PageModel, IFormPage
{
    public IReadOnlyList<BaseMapCategoryVersions> Categories { get; private set; } = [];
    /// <summary>The latest uploads; null for a reader who may not see them (a supervisor below the province).</summary>
    public IReadOnlyList<BaseMapImportView>? Imports { get; private set; }
    public FormErrors Errors { get; } = new();
    public bool MayChange => actor.Current.IsInRole(Roles.Administrator);
    public long UploadLimitBytes => options.LayerUploadBytes;
    public string? Notice { get; private set; }

    /// <summary>An import to follow when the page opens (<c>?import=</c>, e.g. after a reload while it runs).</summary>
    [BindProperty(SupportsGet = true, Name = "import")]
    public Guid? FollowedImport { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await ReloadAsync(ct);

    public async Task ReloadAsync(CancellationToken ct)
    {
        Categories = await mediator.Send(new ListBaseMapLayerVersionsQuery(), ct);
        Imports = BaseMapImportView.MayView(actor.Current) ? await mediator.Send(new ListBaseMapImportsQuery(10), ct) : null;
    }

    public async Task<IActionResult> OnPostRollBackAsync(Guid layerId, CancellationToken ct)
    {
        var rolledBack = await mediator.Send(new RollBackBaseMapLayerCommand(layerId), ct);
        Notice = Bilingual.Text($"{rolledBack.CategoryCode} 已回退到第 {rolledBack.Version} 版", $"{rolledBack.CategoryCode} is back on version {rolledBack.Version}");
        await ReloadAsync(ct);
        return Page();
    }
}
