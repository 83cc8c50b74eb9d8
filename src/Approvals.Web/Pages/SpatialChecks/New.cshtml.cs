using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Spatial.Boundaries;
using Approvals.Web.Endpoints;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Pages.SpatialChecks;

/// <summary>Upload a boundary and run the spatial check; the result page shows the report.</summary>
[Authorize]
[EnableRateLimiting(Hosting.RateLimits.SpatialChecks)]
public sealed class NewModel(IMediator mediator, BoundaryReader reader) : PageModel
{
    public IReadOnlyList<string> Errors { get; private set; } = [];

    [BindProperty]
    public int? Srid { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Errors = [Application.Localization.Bilingual.Text("请选择红线文件", "Choose a boundary file")];
            return Page();
        }
        var content = await BoundaryUpload.ReadFileAsync(file, reader, ct);
        var read = content.Error is not null ? null : reader.Read(content.Content!, Path.GetFileName(file.FileName), Srid);
        if (read is not { Succeeded: true })
        {
            Errors = (read?.Errors ?? [content.Error!]).Select(e => Application.Localization.Bilingual.Text(e.MessageZh, e.MessageEn)).ToList();
            return Page();
        }
        try
        {
            var result = await mediator.Send(new CheckBoundaryCommand(read.Boundary!, Path.GetFileName(file.FileName)), ct);
            return Redirect($"/spatial-checks/{result.Id}");
        }
        catch (ValidationException e)
        {
            Errors = e.Errors.Select(x => x.ErrorMessage).ToList();
            return Page();
        }
    }
}
