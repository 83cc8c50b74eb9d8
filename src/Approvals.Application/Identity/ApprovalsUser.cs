using Approvals.Domain.Departments;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Application.Identity;

/// <summary>A person who signs in: an applicant's representative or a member of staff.</summary>
public sealed class ApprovalsUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    /// <summary>The jurisdiction a member of staff works for; null for applicants and administrators.</summary>
    public string? JurisdictionCode { get; set; }
    /// <summary>The department of a reviewer.</summary>
    public Department? Department { get; set; }
    /// <summary>The applicant's organisation (company or project owner).</summary>
    public Guid? OrganisationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When an administrator disabled the account (null: enabled). A disabled user cannot sign in.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>
    /// The password is a one-time password an administrator handed out (a new account, a reset): the user is sent to
    /// change it at sign-in and can do nothing else until they have.
    /// </summary>
    public bool MustChangePassword { get; set; }
}
