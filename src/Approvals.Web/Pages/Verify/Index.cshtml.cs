using Approvals.Application.Decisions.VerifyDecisionDocument;
using Approvals.Application.Localization;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Pages.Verify;

/// <summary>
/// The public verification page a decision document's QR code opens (no sign-in): what was issued under the code, and
/// whether an uploaded file is that document byte for byte. Rate-limited per client address, reads included.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.RateLimits.Verification)]
// The upload only compares a file with the issued one: it changes nothing and needs no session, so there is nothing
// for a forged cross-site post to do, and a person holding a printed QR code should not need a form token first.
[IgnoreAntiforgeryToken]
public sealed class IndexModel(IMediator mediator) : PageModel, IFormPage
{
    public DecisionVerification Document { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(string code, CancellationToken ct) =>
        Document = await mediator.Send(new VerifyDecisionDocumentQuery(code), ct);

    public async Task OnPostAsync(string code, IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            await OnGetAsync(code, ct);
            Errors.Add("file", Bilingual.Text("请选择要核验的 PDF 文件", "Choose the PDF file to verify"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // Read no more than one byte past the limit: the validator refuses anything longer without holding all of it.
        await using var stream = file.OpenReadStream();
        var buffer = new byte[(int)Math.Min(file.Length, VerifyDecisionDocumentValidator.MaxUploadBytes + 1)];
        await stream.ReadExactlyAsync(buffer, ct);
        Document = await mediator.Send(new VerifyDecisionDocumentQuery(code, buffer), ct);
    }

    /// <summary>A refused upload (not a PDF, too large) is a 400, shown on the page with what the code says.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Document = await mediator.Send(new VerifyDecisionDocumentQuery(Convert.ToString(RouteData.Values["code"], System.Globalization.CultureInfo.InvariantCulture)!), ct);
    }
}
