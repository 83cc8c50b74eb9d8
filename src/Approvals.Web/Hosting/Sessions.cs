using System.Security.Claims;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Web.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Approvals.Web.Hosting;

/// <summary>
/// Signing in and the session cookie: how it is kept, where it sends people, how a session ends on the server, and
/// the sign-in itself (Account/PasswordSignIn with its backoff).
/// </summary>
public static class Sessions
{
    public static IServiceCollection AddApprovalsSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(SignInBackoff.Settings.From(configuration));
        services.AddSingleton<SignInBackoff>();
        services.AddScoped<PasswordSignIn>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "approvals.session";
            cookie.Cookie.HttpOnly = true;
            // Strict keeps the cookie off cross-site requests, which is what protects the JSON API from CSRF
            // (with the Origin / Sec-Fetch-Site check of Hosting/CrossOriginRefusal).
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            // API callers get status codes, not redirects to the sign-in page.
            cookie.Events.OnRedirectToLogin = ctx => ApiOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = ValidateStampAsync;
        });
        return services;
    }

    /// <summary>
    /// A session is valid while the user's security stamp is the one in its cookie. Signing out (and any change
    /// Identity treats as security-relevant) renews the stamp, which ends every session of that user at once, a copied
    /// cookie included. The price is one primary-key read of the users table per signed-in request (static files are
    /// served before authentication and do not pay it); Identity's own validator would also rebuild the claims and
    /// reissue the cookie on every request.
    /// The same read carries the user's organisation: an applicant waiting to join has no organisation claim, and once
    /// a member or an administrator approves, or they accept an invitation, their cookie is re-issued from the
    /// database, so they gain access without signing in again (renewing the stamp instead would sign them out).
    /// </summary>
    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stampClaim = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = principal?.FindFirstValue(stampClaim);
        if (principal is not null && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) && stamp is not null)
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<ApprovalsDbContext>();
            var current = await db.Set<ApprovalsUser>().AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.OrganisationId }).SingleOrDefaultAsync();
            if (current?.SecurityStamp == stamp)
            {
                if (current.OrganisationId is not null && principal.IsInRole(Roles.Applicant) && principal.FindFirst(ApprovalsClaims.Organisation) is null)
                {
                    var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ApprovalsUser>>();
                    if (await signIn.UserManager.FindByIdAsync(userId.ToString()) is { } user)
                    {
                        context.ReplacePrincipal(await signIn.CreateUserPrincipalAsync(user));
                        context.ShouldRenew = true;
                    }
                }
                return;
            }
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // Map tiles are fetched by the map's script, which can do nothing with a sign-in page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hangfire") || ctx.Request.Path.StartsWithSegments("/tiles"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        // The cookie handler builds an absolute address from the request's Host header; a forged Host would send the
        // browser elsewhere. Only the path and query are kept.
        var target = Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute.PathAndQuery
            : ctx.RedirectUri;
        ctx.Response.Redirect(target);
        return Task.CompletedTask;
    }
}
