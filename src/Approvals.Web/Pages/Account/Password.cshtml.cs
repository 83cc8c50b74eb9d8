using Approvals.Application.Account.ChangeOwnPassword;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Account;

/// <summary>Every signed-in user changes their own password here; a one-time password brings them here first.</summary>
[Authorize]
public sealed class PasswordModel(IMediator mediator, SignInManager<ApprovalsUser> signIn) : PageModel, IFormPage
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public FormErrors Errors { get; } = new();
    public bool MustChange => User.HasClaim(c => c.Type == ApprovalsClaims.MustChangePassword);
    public bool Changed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var changed = await mediator.Send(new ChangeOwnPasswordCommand(CurrentPassword ?? "", NewPassword ?? "", ConfirmPassword ?? ""), ct);
        // The change renewed the security stamp, which ends every session, this one included: sign in again at once
        // with the new stamp (and without the one-time password's claim).
        if (await signIn.UserManager.FindByIdAsync(changed.UserId.ToString()) is { } user)
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim("amr", "pwd")]);
        if (Url.IsLocalUrl(ReturnUrl) && !ReturnUrl!.StartsWith("/account/", StringComparison.Ordinal)) return LocalRedirect(ReturnUrl);
        Changed = true;
        CurrentPassword = NewPassword = ConfirmPassword = null;
        return Page();
    }
}
