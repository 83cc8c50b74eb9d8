using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Application.Staff.ResetStaffPassword;

/// <summary>
/// A member of staff forgot their password: an administrator gives them a one-time password (shown once, to the
/// administrator) which they must change at the next sign-in. Their open sessions end.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以重置密码", RefusalEn = "Only administrators reset passwords")]
public sealed record ResetStaffPasswordCommand(Guid UserId) : ICommand<StaffPasswordReset>;

public sealed record StaffPasswordReset(Guid UserId, string UserName, string OneTimePassword);

public sealed class ResetStaffPasswordHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users) : ICommandHandler<ResetStaffPasswordCommand, StaffPasswordReset>
{
    public async ValueTask<StaffPasswordReset> Handle(ResetStaffPasswordCommand command, CancellationToken ct)
    {
        var user = await StaffAccounts.FindAsync(db, command.UserId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var password = await OneTimePassword.SetAsync(users, user);
        await tx.CommitAsync(ct);
        return new StaffPasswordReset(user.Id, user.UserName!, password);
    }
}
