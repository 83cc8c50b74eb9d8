using System.Security.Claims;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Identity;

/// <summary>The claims a signed-in user carries, and how they become an <see cref="Actor"/>.</summary>
public static class ApprovalsClaims
{
    public const string DisplayName = "approvals:name";
    public const string Jurisdiction = "approvals:jurisdiction";
    public const string JurisdictionLevel = "approvals:jurisdiction-level";
    public const string Department = "approvals:department";
    public const string Organisation = "approvals:organisation";
    /// <summary>Present while the user signs in with a one-time password: everything but changing it is closed to them.</summary>
    public const string MustChangePassword = "approvals:must-change-password";

    public static Actor ToActor(ClaimsPrincipal principal, string? correlationId)
    {
        if (principal.Identity?.IsAuthenticated != true) return Actor.Anonymous with { CorrelationId = correlationId };
        var id = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : (Guid?)null;
        return new Actor(
            id,
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(ClaimTypes.Role),
            principal.FindFirstValue(Jurisdiction),
            Enum.TryParse<Domain.Jurisdictions.JurisdictionLevel>(principal.FindFirstValue(JurisdictionLevel), out var level) ? level : null,
            Enum.TryParse<Domain.Departments.Department>(principal.FindFirstValue(Department), out var department) ? department : null,
            Guid.TryParse(principal.FindFirstValue(Organisation), out var organisation) ? organisation : null,
            correlationId);
    }
}
