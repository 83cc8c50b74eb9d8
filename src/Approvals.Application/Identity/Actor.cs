using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Identity;

/// <summary>
/// Who is acting in the current request or command: the signed-in user, or the system itself
/// (command line, background jobs). Handlers use it for authorization; the audit trail records it.
/// </summary>
public sealed record Actor(
    Guid? UserId,
    string Name,
    string? Role,
    string? JurisdictionCode,
    JurisdictionLevel? JurisdictionLevel,
    Department? Department,
    Guid? OrganisationId,
    string? CorrelationId = null)
{
    public static Actor System(string name, string? correlationId = null) =>
        new(null, name, null, null, null, null, null, correlationId);

    public static readonly Actor Anonymous = new(null, "anonymous", null, null, null, null, null);

    public bool IsSystem => UserId is null && Role is null && Name != Anonymous.Name;
    public bool IsAuthenticated => UserId is not null;
    public bool IsInRole(string role) => Role == role;

    /// <summary>
    /// The jurisdictions the actor may see things of: a county itself, a city its counties, the province
    /// everything; administrators and the system see all, a user without a jurisdiction nothing.
    /// </summary>
    public JurisdictionScope Jurisdictions =>
        IsSystem || IsInRole(Roles.Administrator) ? JurisdictionScope.Everything
        : JurisdictionCode is not null && JurisdictionLevel is not null ? JurisdictionScope.Of(JurisdictionCode, JurisdictionLevel.Value)
        : JurisdictionScope.Nothing;

    /// <summary>True when the actor may see things of <paramref name="jurisdictionCode"/> (see <see cref="Jurisdictions"/>).</summary>
    public bool Covers(string jurisdictionCode) => Jurisdictions.Covers(jurisdictionCode);
}
