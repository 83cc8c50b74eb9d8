using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Jurisdictions.GetJurisdictionStaff;

/// <summary>The staff of one jurisdiction: who accepts, reviews and supervises there.</summary>
[RequiresRole(Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator, OrSystem = true, RefusalZh = "只有工作人员可以查看各地人员", RefusalEn = "Only staff may see who works at a jurisdiction.")]
public sealed record GetJurisdictionStaffQuery(string Code) : IQuery<JurisdictionStaff>;

public sealed record JurisdictionStaff(string Code, string Name, IReadOnlyList<StaffMember> Staff);

public sealed record StaffMember(Guid Id, string UserName, string DisplayName, string Role, string? Department);

public sealed class GetJurisdictionStaffValidator : AbstractValidator<GetJurisdictionStaffQuery>
{
    public GetJurisdictionStaffValidator() =>
        RuleFor(q => q.Code).Must(Jurisdiction.IsValidCode)
            .WithMessage(_ => Bilingual.Text("行政区划代码应为 6 位数字", "An administrative division code has six digits"));
}

public sealed class GetJurisdictionStaffHandler(ApprovalsDbContext db, ActorAccessor actor)
    : IQueryHandler<GetJurisdictionStaffQuery, JurisdictionStaff>
{
    public async ValueTask<JurisdictionStaff> Handle(GetJurisdictionStaffQuery query, CancellationToken ct)
    {
        var who = actor.Current;
        // Outside the caller's scope the jurisdiction is reported as not found, so scope is not probed.
        var jurisdiction = who.Covers(query.Code)
            ? await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == query.Code, ct)
            : null;
        if (jurisdiction is null) throw new NotFoundException($"No jurisdiction {query.Code} is visible to you.");

        var staff = await (
            from u in db.Users.AsNoTracking()
            where u.JurisdictionCode == query.Code
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            orderby r.Name, u.Department, u.UserName
            select new { u.Id, u.UserName, u.DisplayName, Role = r.Name, u.Department })
            .ToListAsync(ct);
        return new JurisdictionStaff(jurisdiction.Code, jurisdiction.Name,
            staff.Select(s => new StaffMember(s.Id, s.UserName!, s.DisplayName, s.Role!, s.Department?.ToString())).ToList());
    }
}
