using System.Security.Claims;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Approvals.Infrastructure.Identity;

/// <summary>Puts the user's jurisdiction (with its level), department and organisation into the sign-in cookie.</summary>
public sealed class ApprovalsClaimsFactory(
    UserManager<ApprovalsUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, ApprovalsDbContext db)
    : UserClaimsPrincipalFactory<ApprovalsUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApprovalsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ApprovalsClaims.DisplayName, user.DisplayName));
        if (user.JurisdictionCode is not null)
        {
            var level = await db.Jurisdictions.Where(j => j.Code == user.JurisdictionCode).Select(j => j.Level).SingleAsync();
            identity.AddClaim(new Claim(ApprovalsClaims.Jurisdiction, user.JurisdictionCode));
            identity.AddClaim(new Claim(ApprovalsClaims.JurisdictionLevel, level.ToString()));
        }
        if (user.Department is not null) identity.AddClaim(new Claim(ApprovalsClaims.Department, user.Department.Value.ToString()));
        if (user.OrganisationId is not null) identity.AddClaim(new Claim(ApprovalsClaims.Organisation, user.OrganisationId.Value.ToString()));
        if (user.MustChangePassword) identity.AddClaim(new Claim(ApprovalsClaims.MustChangePassword, "true"));
        return identity;
    }
}
