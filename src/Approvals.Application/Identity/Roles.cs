namespace Approvals.Application.Identity;

/// <summary>The roles of the system. A user has one role; staff roles come with a jurisdiction.</summary>
public static class Roles
{
    public const string Applicant = "applicant";
    /// <summary>The county acceptance window (受理窗口): checks completeness before review.</summary>
    public const string Clerk = "clerk";
    /// <summary>A department reviewer (land, mineral, forest or grassland) at one jurisdiction.</summary>
    public const string Reviewer = "reviewer";
    public const string Supervisor = "supervisor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Applicant, Clerk, Reviewer, Supervisor, Administrator];

    /// <summary>Roles whose users must belong to a jurisdiction.</summary>
    public static bool IsStaff(string role) => role is Clerk or Reviewer or Supervisor;
}
