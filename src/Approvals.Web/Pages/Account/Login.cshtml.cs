using Approvals.Application.Applicants.RegisterApplicant;
using Approvals.Web.Account;
using Approvals.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Pages.Account;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(PasswordSignIn signIn) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    /// <summary>After registering: the same note whether or not the address had an account (see RegisterApplicantHandler).</summary>
    public string? Notice { get; private set; }

    public void OnGet()
    {
        if (TempData[RegisterModel.RegisteredKey] is string email)
        {
            UserName = email;
            Notice = RegistrationReceived.Answer().Message;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码";
            return Page();
        }
        var attempt = await signIn.SignInAsync(HttpContext, UserName, Password, ct);
        switch (attempt.Outcome)
        {
            case SignInOutcome.HeldBack:
                Error = attempt.HeldBackMessage;
                Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(attempt.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
            case SignInOutcome.Refused:
                Error = SignInAttempt.RefusedMessage;
                return Page();
            case SignInOutcome.Disabled:
                Error = SignInAttempt.DisabledMessage;
                return Page();
            default:
                // With a one-time password, Hosting/PasswordChangeRequired sends them to change it first.
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
    }
}
