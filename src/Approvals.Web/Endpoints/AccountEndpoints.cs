using Approvals.Application.Applicants.RegisterApplicant;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Web.Endpoints;

/// <summary>Sign-in for API clients (the same cookie the pages use), who-am-I, and applicant registration.</summary>
public static class AccountEndpoints
{
    public sealed record SignInRequest(string? UserName, string? Password);

    public sealed record Me(Guid? Id, string UserName, string? DisplayName, string? Role, string? JurisdictionCode, string? JurisdictionLevel, string? Department, Guid? OrganisationId);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Account");
        auth.MapPost("/sign-in", async (SignInRequest request, SignInManager<ApprovalsUser> signIn) =>
        {
            if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["userName"] = [Bilingual.Text("请输入用户名和密码", "Enter your user name and password")],
                }, title: Bilingual.Text("登录失败", "Sign-in failed"));
            var result = await signIn.PasswordSignInAsync(request.UserName.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
                return Results.Problem(statusCode: 429, title: Bilingual.Text("登录失败次数过多，账号已锁定 15 分钟", "Too many failed sign-ins; the account is locked for 15 minutes"));
            if (!result.Succeeded)
                return Results.Problem(statusCode: 401, title: Bilingual.Text("用户名或密码错误", "Wrong user name or password"));
            return Results.NoContent();
        }).AllowAnonymous().WithSummary("Signs in with a user name and password; sets the session cookie.");

        auth.MapPost("/sign-out", async (SignInManager<ApprovalsUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).RequireAuthorization().WithSummary("Ends the session.");

        auth.MapGet("/me", (ActorAccessor actor, HttpContext http) =>
        {
            var a = actor.Current;
            return new Me(a.UserId, a.Name, http.User.FindFirst(ApprovalsClaims.DisplayName)?.Value, a.Role, a.JurisdictionCode,
                a.JurisdictionLevel?.ToString(), a.Department?.ToString(), a.OrganisationId);
        }).RequireAuthorization().WithSummary("The signed-in user, with role, jurisdiction and department.");

        app.MapPost("/api/applicants", async (RegisterApplicantCommand command, IMediator mediator, CancellationToken ct) =>
        {
            var registered = await mediator.Send(command, ct);
            return Results.Created($"/api/auth/me", registered);
        }).AllowAnonymous().WithTags("Account").WithSummary("Registers an applicant (a company or project owner's representative).");
        return app;
    }
}
