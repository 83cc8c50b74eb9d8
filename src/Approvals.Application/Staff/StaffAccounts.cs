using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Staff;

/// <summary>The accounts the administration console changes: staff and administrators, never applicants (they manage their own).</summary>
internal static class StaffAccounts
{
    public static async Task<ApprovalsUser> FindAsync(ApprovalsDbContext db, Guid userId, CancellationToken ct)
    {
        var staffRoles = new[] { Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator };
        var user = await (
            from u in db.Users
            where u.Id == userId
            where db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && staffRoles.Contains(r.Name!)))
            select u).SingleOrDefaultAsync(ct);
        return user ?? throw new NotFoundException(Bilingual.Text("没有这个工作人员账号", "No such staff account"));
    }
}
