using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Staff.ListStaff;

/// <summary>
/// The staff accounts (window clerks, reviewers, supervisors, administrators), searched by name or user name and
/// filtered by role, department, jurisdiction (with the jurisdictions it covers) and whether enabled. Administrators
/// see everyone; supervisors see (and may not change) the staff of their own jurisdiction's scope.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和督办人员可以查看工作人员", RefusalEn = "Only administrators and supervisors may see the staff list")]
public sealed record ListStaffQuery(
    string? Search = null, string? Role = null, Department? Department = null, string? JurisdictionCode = null, bool? Enabled = null)
    : IQuery<StaffList>;

public sealed record StaffList(IReadOnlyList<StaffAccount> Accounts, int Total, int Limit);

public sealed record StaffAccount(
    Guid Id, string UserName, string DisplayName, string Role, string? JurisdictionCode, string? JurisdictionName,
    Department? Department, string? Email, bool Enabled, DateTimeOffset? DisabledAt, bool MustChangePassword, DateTimeOffset CreatedAt);

public sealed class ListStaffHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<ListStaffQuery, StaffList>
{
    /// <summary>A page shows this many; a search narrows it down.</summary>
    public const int Limit = 500;

    public async ValueTask<StaffList> Handle(ListStaffQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        IQueryable<ApprovalsUser> users = db.Users.AsNoTracking();
        // Administrators and the system see every account; a supervisor the staff of their scope (administrators,
        // who have no jurisdiction, are outside every scope).
        if (!actor.IsInRole(Roles.Administrator) && !actor.IsSystem)
            users = users.Where(u => u.JurisdictionCode != null).Where(actor.Jurisdictions.Covering<ApprovalsUser>(u => u.JurisdictionCode!));
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            users = users.Where(u => EF.Functions.ILike(u.UserName!, pattern) || EF.Functions.ILike(u.DisplayName, pattern)
                || u.Email != null && EF.Functions.ILike(u.Email, pattern));
        }
        if (query.Department is { } department) users = users.Where(u => u.Department == department);
        if (!string.IsNullOrEmpty(query.JurisdictionCode))
        {
            var chosen = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == query.JurisdictionCode, ct);
            users = chosen is null ? users.Where(_ => false)
                : users.Where(u => u.JurisdictionCode != null).Where(JurisdictionScope.Of(chosen).Covering<ApprovalsUser>(u => u.JurisdictionCode!));
        }
        if (query.Enabled is { } enabled) users = users.Where(u => (u.DisabledAt == null) == enabled);

        var staffRoles = new[] { Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator };
        var rows =
            from u in users
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where staffRoles.Contains(r.Name!)
            select new { User = u, Role = r.Name! };
        if (!string.IsNullOrEmpty(query.Role)) rows = rows.Where(x => x.Role == query.Role);

        var total = await rows.CountAsync(ct);
        var page = await (
            from x in rows
            join j in db.Jurisdictions on x.User.JurisdictionCode equals j.Code into js
            from j in js.DefaultIfEmpty()
            orderby x.User.JurisdictionCode, x.Role, x.User.Department, x.User.UserName
            select new { x.User, x.Role, JurisdictionName = j == null ? null : j.Name })
            .Take(Limit).ToListAsync(ct);
        return new StaffList(page.Select(x => new StaffAccount(
            x.User.Id, x.User.UserName!, x.User.DisplayName, x.Role, x.User.JurisdictionCode, x.JurisdictionName, x.User.Department,
            x.User.Email, x.User.DisabledAt is null, x.User.DisabledAt, x.User.MustChangePassword, x.User.CreatedAt)).ToList(), total, Limit);
    }
}
