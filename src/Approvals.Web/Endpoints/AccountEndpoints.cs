using Approvals.Application.Account.ChangeOwnPassword;
using Approvals.Application.Applicants.RegisterApplicant;
using Microsoft.AspNetCore.Identity;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Web.Account;
using Approvals.Web.Hosting;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>Sign-in for API clients (the same cookie the pages use), who-am-I, and applicant registration.</summary>
public static class AccountEndpoints
{
    public sealed record SignInRequest(string? UserName, string? Password);

    public sealed record Me(Guid? Id, string UserName, string? DisplayName, string? Role, string? JurisdictionCode, string? JurisdictionLevel, string? Department, Guid? OrganisationId);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Account");
        auth.MapPost("/sign-in", async (SignInRequest request, PasswordSignIn signIn, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["userName"] = [Bilingual.Text("请输入用户名和密码", "Enter your user name and password")],
                }, title: Bilingual.Text("登录失败", "Sign-in failed"));
            var attempt = await signIn.SignInAsync(http, request.UserName, request.Password, ct);
            switch (attempt.Outcome)
            {
                case SignInOutcome.HeldBack:
                    await RateLimits.RefuseAsync(http, attempt.RetryAfter, ct, attempt.HeldBackMessage);
                    return Results.Empty;
                case SignInOutcome.Refused:
                    return Results.Problem(statusCode: 401, title: SignInAttempt.RefusedMessage);
                case SignInOutcome.Disabled:
                    return Results.Problem(statusCode: 403, title: SignInAttempt.DisabledMessage);
                default:
                    return Results.NoContent();
            }
        }).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Signs in with a user name and password; sets the session cookie. Limited per client address; repeated failures for one name from one address are held back for a while (429 with Retry-After).");

        auth.MapPost("/sign-out", async (PasswordSignIn signIn, HttpContext http) =>
        {
            await signIn.SignOutAsync(http.User);
            return Results.NoContent();
        }).RequireAuthorization().WithSummary("Ends the session, on the server too: cookies issued before stop working.");

        auth.MapGet("/me", (ActorAccessor actor, HttpContext http) =>
        {
            var a = actor.Current;
            return new Me(a.UserId, a.Name, http.User.FindFirst(ApprovalsClaims.DisplayName)?.Value, a.Role, a.JurisdictionCode,
                a.JurisdictionLevel?.ToString(), a.Department?.ToString(), a.OrganisationId);
        }).RequireAuthorization().WithSummary("The signed-in user, with role, jurisdiction and department.");

        app.MapPost("/api/account/password", async (ChangeOwnPasswordCommand command, IMediator mediator, SignInManager<ApprovalsUser> signIn, CancellationToken ct) =>
        {
            var changed = await mediator.Send(command, ct);
            // The change ended every session (a new stamp); this client carries on with a fresh cookie.
            if (await signIn.UserManager.FindByIdAsync(changed.UserId.ToString()) is { } user)
                await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim("amr", "pwd")]);
            return Results.NoContent();
        }).RequireAuthorization().WithTags("Account")
            .WithSummary("Changes the signed-in user's own password (current and new); other sessions end. Clears a one-time password.");

        app.MapPost("/api/applicants", async (RegisterApplicantCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            Results.Accepted(null, await mediator.Send(command with { ClientAddress = ClientAddress.Of(http) }, ct)))
            .AllowAnonymous().RequireRateLimiting(RateLimits.SignIn).WithTags("Account")
            .WithSummary("Registers an applicant (a company or project owner's representative). The answer (202) is the same whether or not the e-mail address had an account: sign in afterwards.");
        return app;
    }
}
