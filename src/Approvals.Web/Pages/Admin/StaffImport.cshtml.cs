using System.Text;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Staff.ImportStaff;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Admin;

/// <summary>
/// Bulk import of staff accounts: "check" is the dry run (every row's errors, nothing written); "import" checks the
/// same way and writes all rows in one transaction, or none. The file is chosen again for each (nothing is kept).
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class StaffImportModel(IMediator mediator) : PageModel, IFormPage
{
    public FormErrors Errors { get; } = new();
    public StaffImport? Result { get; private set; }
    public string? FileName { get; private set; }

    public void OnGet() { }

    public IActionResult OnGetTemplate() =>
        // A byte-order mark so Excel opens the Chinese header as UTF-8.
        File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(StaffSheet.TemplateCsv)).ToArray(), "text/csv; charset=utf-8", "staff-import.csv");

    public Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct) => RunAsync(file, dryRun: true, ct);

    public Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct) => RunAsync(file, dryRun: false, ct);

    private async Task<IActionResult> RunAsync(IFormFile? file, bool dryRun, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (file is null)
        {
            Errors.Add("file", Bilingual.Text("请选择要导入的文件", "Choose the file to import"));
            return Page();
        }
        FileName = file.FileName;
        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(buffer, ct);
        Result = await mediator.Send(new ImportStaffCommand(file.FileName, buffer.ToArray(), dryRun), ct);
        return Page();
    }
}
