using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Staff.CreateStaffUser;
using Approvals.Domain.Jurisdictions;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Staff.ImportStaff;

/// <summary>
/// An administrator opens many staff accounts from one CSV or xlsx file (<see cref="StaffSheet"/>). Every row is
/// checked as <see cref="CreateStaffUserCommand"/> checks one account (and user names must differ within the file);
/// the answer lists every row's errors. A dry run stops there and writes nothing; otherwise, when no row has an
/// error, all accounts are created in one transaction, each with a one-time password returned once, and when any
/// row has one, none is.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以导入工作人员账号", RefusalEn = "Only administrators import staff accounts")]
public sealed record ImportStaffCommand(string FileName, byte[] Content, bool DryRun) : ICommand<StaffImport>;

/// <param name="Column">The column's key (<see cref="StaffSheet.Columns"/>); <paramref name="ColumnName"/> its name in the reader's language.</param>
public sealed record StaffImportError(int Row, string Column, string ColumnName, string Message);

public sealed record ImportedStaff(int Row, Guid Id, string UserName, string DisplayName, string Role, string JurisdictionCode, string? Department, string OneTimePassword);

/// <param name="Rows">The people the file holds (blank rows left out).</param>
/// <param name="Written">True when the accounts were created (not a dry run, no errors).</param>
public sealed record StaffImport(bool DryRun, int Rows, IReadOnlyList<StaffImportError> Errors, bool Written, IReadOnlyList<ImportedStaff> Created);

public sealed class ImportStaffValidator : AbstractValidator<ImportStaffCommand>
{
    public ImportStaffValidator()
    {
        RuleFor(c => c.Content).Must(c => c is { Length: > 0 })
            .WithMessage(_ => Bilingual.Text("请选择要导入的文件", "Choose the file to import"));
        RuleFor(c => c.Content).Must(c => c is null || c.Length <= ImportStaffHandler.MaxBytes)
            .WithMessage(_ => Bilingual.Text("文件超过 5 MB，请拆分后导入", "The file is over 5 MB; split it"));
    }
}

public sealed class ImportStaffHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users, TimeProvider clock) : ICommandHandler<ImportStaffCommand, StaffImport>
{
    public const int MaxBytes = 5 * 1024 * 1024;
    /// <summary>Each account's password is hashed on the request; a province's staff fit several files of this size.</summary>
    public const int MaxRows = 1000;

    private static readonly Dictionary<string, string> ColumnOfProperty = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UserName"] = "userName", ["DisplayName"] = "displayName", ["Role"] = "role",
        ["JurisdictionCode"] = "jurisdiction", ["Department"] = "department", ["Email"] = "email",
    };

    public async ValueTask<StaffImport> Handle(ImportStaffCommand command, CancellationToken ct)
    {
        IReadOnlyList<StaffSheetRow> rows;
        try
        {
            rows = StaffSheet.Read(command.FileName, command.Content);
        }
        catch (FormatException e)
        {
            throw new ValidationException([new ValidationFailure("file", e.Message)]);
        }
        if (rows.Count == 0) throw new ValidationException([new ValidationFailure("file", Bilingual.Text("文件里没有人员", "The file lists nobody"))]);
        if (rows.Count > MaxRows)
            throw new ValidationException([new ValidationFailure("file", Bilingual.Text($"一次最多导入 {MaxRows} 人，请拆分文件", $"At most {MaxRows} people per file; split it"))]);

        var jurisdictions = await db.Jurisdictions.AsNoTracking().ToListAsync(ct);
        var validator = new CreateStaffUserValidator();
        var errors = new List<StaffImportError>();
        var accounts = new List<(StaffSheetRow Row, CreateStaffUserCommand Command)>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var rowErrors = new List<StaffImportError>();
            void Error(string column, string message) => rowErrors.Add(new StaffImportError(row.Row, column, StaffSheet.ColumnName(column), message));

            var role = row.Role is null ? null : StaffSheet.RoleOf(row.Role);
            if (role is null)
                Error("role", row.Role is null
                    ? Bilingual.Text("请填写角色", "Enter the role")
                    : Bilingual.Text($"没有角色“{row.Role}”：应为受理窗口（clerk）、审查员（reviewer）或督办人员（supervisor）", $"No role '{row.Role}': use clerk, reviewer or supervisor"));
            var department = row.Department is null ? null : StaffSheet.DepartmentOf(row.Department);
            if (row.Department is not null && department is null)
                Error("department", Bilingual.Text($"没有部门“{row.Department}”：应为用地、矿产、林业或草原", $"No department '{row.Department}': use Land, Mineral, Forest or Grassland"));
            var jurisdiction = row.Jurisdiction is null ? null
                : jurisdictions.FirstOrDefault(j => j.Code == row.Jurisdiction || j.Name == row.Jurisdiction || string.Equals(j.NameEn, row.Jurisdiction, StringComparison.OrdinalIgnoreCase));
            if (jurisdiction is null)
                Error("jurisdiction", row.Jurisdiction is null
                    ? Bilingual.Text("请填写行政区划代码", "Enter the jurisdiction's code")
                    : Bilingual.Text($"没有行政区划“{row.Jurisdiction}”", $"No jurisdiction '{row.Jurisdiction}'"));
            if (row.UserName is { } name && seen.TryGetValue(name, out var first))
                Error("userName", Bilingual.Text($"与第 {first} 行的用户名重复", $"The same user name as row {first}"));
            else if (row.UserName is { } fresh) seen[fresh] = row.Row;

            var account = new CreateStaffUserCommand(row.UserName ?? "", row.DisplayName ?? "", role ?? Roles.Clerk,
                jurisdiction?.Code ?? "000000", department, row.Email);
            // The one account's checks, on the columns this row has not been refused for already.
            var failures = (await validator.ValidateAsync(account, ct)).Errors.ToList();
            if (jurisdiction is not null && role is not null) failures.AddRange(await CreateStaffUserHandler.RefusalsAsync(db, users, account, ct));
            else if (row.UserName is not null && await users.FindByNameAsync(row.UserName) is not null)
                failures.Add(new ValidationFailure("userName", Bilingual.Text("该用户名已被使用", "This user name is taken")));
            foreach (var failure in failures)
            {
                var column = ColumnOfProperty.GetValueOrDefault(failure.PropertyName, "userName");
                if (rowErrors.All(e => e.Column != column) || column == "userName" && rowErrors.All(e => e.Message != failure.ErrorMessage))
                    Error(column, failure.ErrorMessage);
            }
            errors.AddRange(rowErrors);
            if (rowErrors.Count == 0) accounts.Add((row, account));
        }

        if (command.DryRun || errors.Count > 0) return new StaffImport(command.DryRun, rows.Count, errors, false, []);

        var now = clock.GetUtcNow();
        var created = new List<ImportedStaff>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (row, account) in accounts)
        {
            var user = await CreateStaffUserHandler.CreateAsync(users, account, now);
            created.Add(new ImportedStaff(row.Row, user.Id, user.UserName, account.DisplayName.Trim(), user.Role, user.JurisdictionCode, user.Department, user.OneTimePassword!));
        }
        await tx.CommitAsync(ct);
        return new StaffImport(false, rows.Count, [], true, created);
    }
}
