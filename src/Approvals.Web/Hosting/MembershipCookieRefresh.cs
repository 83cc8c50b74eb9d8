using System.Security.Claims;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Web.Hosting;

/// <summary>
/// The organisation a person may see travels in their session cookie (the organisation claim). An applicant
/// waiting to join has none; once a member or an administrator approves, or they accept an invitation, the
/// next request re-issues their cookie from the database, so they gain access without signing in again.
/// Changing the security stamp instead would sign them out, which is what it is for.
/// Everyone else goes through Identity's usual security-stamp check.
/// </summary>
public static class MembershipCookieRefresh
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && principal.IsInRole(Roles.Applicant) && principal.FindFirst(ApprovalsClaims.Organisation) is null
            && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            // One indexed look-up per request, only for applicants who belong to nothing and so can do nothing else yet.
            var db = context.HttpContext.RequestServices.GetRequiredService<ApprovalsDbContext>();
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.OrganisationId != null))
            {
                var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ApprovalsUser>>();
                // A cookie whose stamp no longer matches (password changed, signed out everywhere) is not renewed.
                if (await signIn.ValidateSecurityStampAsync(principal) is { } user)
                {
                    context.ReplacePrincipal(await signIn.CreateUserPrincipalAsync(user));
                    context.ShouldRenew = true;
                    return;
                }
            }
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
