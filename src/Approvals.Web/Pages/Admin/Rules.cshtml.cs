using System.Text;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Rules;
using Approvals.Application.Rules.DraftRulesVersion;
using Approvals.Application.Rules.GetCurrentRules;
using Approvals.Application.Rules.GetRulesFile;
using Approvals.Application.Rules.ListRulesVersions;
using Approvals.Application.Rules.PublishRulesVersion;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Admin;

/// <summary>
/// The rules in force as tables and their versions; administrators upload a change, read its preview (the recent cases
/// it would route differently) and publish it. The province's supervisors look. Plain forms, no script.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Supervisor)]
public sealed class RulesModel(IMediator mediator, ActorAccessor actor) : PageModel, IFormPage
{
    public CurrentRules Current { get; private set; } = null!;
    public IReadOnlyList<RulesVersionRow> Versions { get; private set; } = [];
    public RulesDraft? Draft { get; private set; }
    public FormErrors Errors { get; } = new();
    public bool MayChange => actor.Current.IsInRole(Roles.Administrator);
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ReloadAsync(ct);

    public async Task ReloadAsync(CancellationToken ct)
    {
        Current = await mediator.Send(new GetCurrentRulesQuery(), ct);
        Versions = await mediator.Send(new ListRulesVersionsQuery(), ct);
    }

    public async Task<IActionResult> OnGetFileAsync(int version, string name, CancellationToken ct)
    {
        var file = await mediator.Send(new GetRulesFileQuery(version, name), ct);
        return File(Encoding.UTF8.GetBytes(file.Content), "application/json; charset=utf-8", $"v{version}-{name.Replace('/', '-')}");
    }

    public async Task<IActionResult> OnPostUploadAsync(List<IFormFile> files, CancellationToken ct)
    {
        var uploads = new List<UploadedRulesFile>();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(buffer, ct);
            uploads.Add(new UploadedRulesFile(file.FileName, buffer.ToArray()));
        }
        Draft = await mediator.Send(new DraftRulesVersionCommand(uploads), ct);
        await ReloadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid draftId, string? note, CancellationToken ct)
    {
        var published = await mediator.Send(new PublishRulesVersionCommand(draftId, note), ct);
        Notice = Bilingual.Text($"已发布第 {published.Number} 版规则，此后分办的案件按新规则办理；已分办的案件沿用原版本。",
            $"Version {published.Number} of the rules is published: cases routed from now on follow it; cases already routed keep their version.");
        await ReloadAsync(ct);
        return Page();
    }
}
