using Approvals.Application.Applicants.RegisterApplicant;
using Approvals.Web.Hosting;
using Approvals.Web.Pages.Portal;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Pages.Account;

/// <summary>
/// An applicant registers its organisation and a login, then signs in. The page does not sign in at once: it cannot
/// without telling a stranger whether the address already had an account (see RegisterApplicantHandler), so every
/// registration lands on the sign-in page with the same note and the address filled in.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class RegisterModel(IMediator mediator) : PageModel
{
    public const string RegisteredKey = "registered-email";

    [BindProperty] public string? OrganisationName { get; set; }
    [BindProperty] public string? CreditCode { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Password { get; set; }
    public FormErrors Errors { get; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await mediator.Send(new RegisterApplicantCommand(
                OrganisationName?.Trim() ?? "", CreditCode?.Trim().ToUpperInvariant() ?? "", DisplayName ?? "", Email ?? "", Phone?.Trim() ?? "", Password ?? "")
            {
                ClientAddress = ClientAddress.Of(HttpContext),
            }, ct);
            TempData[RegisteredKey] = Email!.Trim();
            return LocalRedirect("/account/login?ReturnUrl=%2Fportal");
        }
        catch (ValidationException e)
        {
            Errors.Add(e);
            return Page();
        }
    }
}
