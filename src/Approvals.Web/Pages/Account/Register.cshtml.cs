using Approvals.Application.Applicants.AcceptInvitation;
using Approvals.Application.Applicants.GetInvitation;
using Approvals.Application.Applicants.RegisterApplicant;
using Approvals.Application.Errors;
using Approvals.Web.Errors;
using Approvals.Web.Hosting;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Approvals.Web.Pages.Account;

/// <summary>
/// An applicant registers its organisation and a login, then signs in. Through an invitation link
/// (<c>?invitation=…</c>) they join the inviting organisation instead, or, already signed in without one, accept
/// the invitation; with a credit code that is registered already they only ask to join. The page does not sign in
/// at once: it cannot without telling a stranger whether the address already had an account (see
/// RegisterApplicantHandler), so every registration lands on the sign-in page with the same note and the address
/// filled in; a registrant whose request to join waits finds the portal saying so.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class RegisterModel(IMediator mediator) : PageModel, IFormPage
{
    public const string RegisteredKey = "registered-email";

    [BindProperty] public string? OrganisationName { get; set; }
    [BindProperty] public string? CreditCode { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true, Name = "invitation")] public string? Invitation { get; set; }
    /// <summary>What the invitation link invites to, when the page was opened with one.</summary>
    public InvitationView? Invited { get; private set; }
    /// <summary>Why the invitation link cannot be used (unknown, used, expired, revoked).</summary>
    public string? InvitationRefusal { get; private set; }
    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        Email ??= Invited?.Email;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await mediator.Send(new RegisterApplicantCommand(
            OrganisationName?.Trim() ?? "", CreditCode?.Trim().ToUpperInvariant() ?? "", DisplayName ?? "", Email ?? "", Phone?.Trim() ?? "", Password ?? "",
            string.IsNullOrWhiteSpace(Invitation) ? null : Invitation.Trim())
        {
            ClientAddress = ClientAddress.Of(HttpContext),
        }, ct);
        TempData[RegisteredKey] = Email!.Trim();
        return LocalRedirect("/account/login?ReturnUrl=%2Fportal");
    }

    /// <summary>
    /// A signed-in applicant without an organisation joins the one that invited them (a used or expired invitation,
    /// or a caller who is no applicant, is told so on the page).
    /// </summary>
    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        await mediator.Send(new AcceptInvitationCommand(Invitation?.Trim() ?? ""), ct);
        // The session cookie takes up the organisation at the next request (see Hosting/Sessions).
        return LocalRedirect("/portal");
    }

    /// <summary>What the invitation link invites to, shown again beside a refused form.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Invitation)) return;
        try
        {
            Invited = await mediator.Send(new GetInvitationQuery(Invitation.Trim()), ct);
            InvitationRefusal = Invited.Refusal;
        }
        catch (NotFoundException e)
        {
            InvitationRefusal = e.Message;
        }
    }
}
