using Approvals.Application.Applicants.RegisterApplicant;
using Approvals.Application.Identity;
using Approvals.Web.Pages.Portal;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Account;

/// <summary>An applicant registers its organisation and a login, and lands signed in on the portal.</summary>
public sealed class RegisterModel(IMediator mediator, SignInManager<ApprovalsUser> signIn) : PageModel
{
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
            var registered = await mediator.Send(new RegisterApplicantCommand(
                OrganisationName?.Trim() ?? "", CreditCode?.Trim().ToUpperInvariant() ?? "", DisplayName ?? "", Email ?? "", Phone?.Trim() ?? "", Password ?? ""), ct);
            await signIn.PasswordSignInAsync(registered.UserName, Password!, isPersistent: false, lockoutOnFailure: false);
            return LocalRedirect("/portal");
        }
        catch (ValidationException e)
        {
            Errors.Add(e);
            return Page();
        }
    }
}
