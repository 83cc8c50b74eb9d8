using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Staff.CreateStaffUser;

/// <summary>
/// An administrator opens an account for a member of staff: a window clerk (county), a department
/// reviewer, or a supervisor, each belonging to one jurisdiction. Without a password the account gets a one-time
/// password (returned once) that the person must change at the first sign-in.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以开设工作人员账号", RefusalEn = "Only administrators open staff accounts")]
public sealed record CreateStaffUserCommand(
    string UserName,
    string DisplayName,
    string Role,
    string JurisdictionCode,
    Department? Department,
    string? Email,
    string? Password = null) : ICommand<CreatedStaffUser>;

/// <param name="OneTimePassword">The one-time password when none was given; shown to the administrator once, stored nowhere.</param>
public sealed record CreatedStaffUser(Guid Id, string UserName, string Role, string JurisdictionCode, string? Department, string? OneTimePassword = null);

public sealed class CreateStaffUserValidator : AbstractValidator<CreateStaffUserCommand>
{
    public CreateStaffUserValidator()
    {
        RuleFor(c => c.UserName).Matches("^[a-z0-9][a-z0-9._-]{2,63}$")
            .WithMessage(_ => Bilingual.Text("用户名为 3–64 位小写字母、数字、点、下划线或连字符", "The user name has 3–64 lower-case letters, digits, dots, underscores or hyphens"));
        RuleFor(c => c.DisplayName).Must(n => !string.IsNullOrWhiteSpace(n) && n.Length <= 128)
            .WithMessage(_ => Bilingual.Text("请填写姓名（不超过 128 字）", "Enter the person's name (at most 128 characters)"));
        RuleFor(c => c.Role).Must(Roles.IsStaff)
            .WithMessage(_ => Bilingual.Text("角色应为受理窗口（clerk）、审查员（reviewer）或督办人员（supervisor）", "The role is clerk, reviewer or supervisor"));
        RuleFor(c => c.JurisdictionCode).Must(Jurisdiction.IsValidCode)
            .WithMessage(_ => Bilingual.Text("行政区划代码应为 6 位数字", "An administrative division code has six digits"));
        RuleFor(c => c.Department).NotNull().When(c => c.Role == Roles.Reviewer)
            .WithMessage(_ => Bilingual.Text("审查员须指定部门（用地、矿产、林业、草原）", "A reviewer belongs to a department (land, mineral, forest, grassland)"));
        RuleFor(c => c.Department).Null().When(c => c.Role != Roles.Reviewer)
            .WithMessage(_ => Bilingual.Text("只有审查员属于某个部门", "Only reviewers belong to a department"));
        RuleFor(c => c.Email).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email))
            .WithMessage(_ => Bilingual.Text("电子邮箱格式不正确", "This is not a valid email address"));
        RuleFor(c => c.Password).MinimumLength(10).When(c => c.Password is not null)
            .WithMessage(_ => Bilingual.Text("密码至少 10 位", "The password needs at least 10 characters"));
    }
}

public sealed class CreateStaffUserHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users, TimeProvider clock)
    : ICommandHandler<CreateStaffUserCommand, CreatedStaffUser>
{
    public async ValueTask<CreatedStaffUser> Handle(CreateStaffUserCommand command, CancellationToken ct)
    {
        if ((await RefusalsAsync(db, users, command, ct)).FirstOrDefault() is { } refused) throw new ValidationException([refused]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await CreateAsync(users, command, clock.GetUtcNow());
        await tx.CommitAsync(ct);
        return created;
    }

    /// <summary>
    /// What the database says against the account (the validator has checked the fields): the jurisdiction exists,
    /// a window is at a county, the user name is free. The bulk import asks the same for each row.
    /// </summary>
    internal static async Task<List<ValidationFailure>> RefusalsAsync(ApprovalsDbContext db, UserManager<ApprovalsUser> users, CreateStaffUserCommand command, CancellationToken ct)
    {
        var refusals = new List<ValidationFailure>();
        var jurisdiction = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == command.JurisdictionCode, ct);
        if (jurisdiction is null)
            refusals.Add(new("jurisdictionCode", Bilingual.Text("没有这个行政区划", "No such jurisdiction")));
        else if (command.Role == Roles.Clerk && jurisdiction.Level != JurisdictionLevel.County)
            refusals.Add(new("jurisdictionCode", Bilingual.Text("受理窗口设在县级", "Acceptance windows are at county level")));
        if (await users.FindByNameAsync(command.UserName) is not null)
            refusals.Add(new("userName", Bilingual.Text("该用户名已被使用", "This user name is taken")));
        return refusals;
    }

    /// <summary>Creates the account in the caller's transaction (checked beforehand with <see cref="RefusalsAsync"/>).</summary>
    internal static async Task<CreatedStaffUser> CreateAsync(UserManager<ApprovalsUser> users, CreateStaffUserCommand command, DateTimeOffset now)
    {
        var oneTime = command.Password is null ? OneTimePassword.New() : null;
        var user = new ApprovalsUser
        {
            Id = Guid.CreateVersion7(), UserName = command.UserName, Email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim(),
            DisplayName = command.DisplayName.Trim(), JurisdictionCode = command.JurisdictionCode, Department = command.Department, CreatedAt = now,
            MustChangePassword = oneTime is not null,
        };
        var created = await users.CreateAsync(user, command.Password ?? oneTime!);
        if (!created.Succeeded)
            throw new ValidationException(created.Errors.Select(e => new ValidationFailure(
                e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName", e.Description)));
        var role = await users.AddToRoleAsync(user, command.Role);
        if (!role.Succeeded) throw new InvalidOperationException(string.Join("; ", role.Errors.Select(e => e.Description)));
        return new CreatedStaffUser(user.Id, command.UserName, command.Role, command.JurisdictionCode, command.Department?.ToString(), oneTime);
    }
}
