using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Staff.DisableStaffUser;
using Mediator;

namespace Approvals.Application.Staff.EnableStaffUser;

/// <summary>An administrator enables a disabled account again; the person signs in with the password they had.</summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以启用账号", RefusalEn = "Only administrators enable accounts")]
public sealed record EnableStaffUserCommand(Guid UserId) : ICommand<StaffAccountChanged>;

public sealed class EnableStaffUserHandler(ApprovalsDbContext db) : ICommandHandler<EnableStaffUserCommand, StaffAccountChanged>
{
    public async ValueTask<StaffAccountChanged> Handle(EnableStaffUserCommand command, CancellationToken ct)
    {
        var user = await StaffAccounts.FindAsync(db, command.UserId, ct);
        if (user.DisabledAt is not null)
        {
            user.DisabledAt = null;
            await db.SaveChangesAsync(ct);
        }
        return new StaffAccountChanged(user.Id, user.UserName!, true);
    }
}
