using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Application.Account.ChangeOwnPassword;

/// <summary>
/// A signed-in user changes their own password: the current one, and a new one under the same rules as everywhere
/// (length, not a common password). It ends the person's other sessions (a new security stamp) and clears a one-time
/// password's obligation to change it.
/// </summary>
public sealed record ChangeOwnPasswordCommand(string CurrentPassword, string NewPassword, string ConfirmPassword) : ICommand<PasswordChanged>;

public sealed record PasswordChanged(Guid UserId);

public sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPasswordCommand>
{
    public ChangeOwnPasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty()
            .WithMessage(_ => Bilingual.Text("请输入当前密码", "Enter your current password"));
        RuleFor(c => c.NewPassword).MinimumLength(10)
            .WithMessage(_ => Bilingual.Text("新密码至少 10 位", "The new password needs at least 10 characters"));
        RuleFor(c => c.NewPassword).NotEqual(c => c.CurrentPassword).When(c => !string.IsNullOrEmpty(c.NewPassword))
            .WithMessage(_ => Bilingual.Text("新密码不能与当前密码相同", "The new password must differ from the current one"));
        RuleFor(c => c.ConfirmPassword).Equal(c => c.NewPassword)
            .WithMessage(_ => Bilingual.Text("两次输入的新密码不一致", "The two new passwords differ"));
    }
}

public sealed class ChangeOwnPasswordHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users, ActorAccessor actorAccessor)
    : ICommandHandler<ChangeOwnPasswordCommand, PasswordChanged>
{
    public async ValueTask<PasswordChanged> Handle(ChangeOwnPasswordCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (actor.UserId is not { } userId) throw new ForbiddenException(Bilingual.Text("请先登录", "Sign in first"));
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new ForbiddenException(Bilingual.Text("请先登录", "Sign in first"));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.MustChangePassword = false;
        // Checks the current password, runs the password validators (the common-password list too) and renews the stamp.
        var changed = await users.ChangePasswordAsync(user, command.CurrentPassword, command.NewPassword);
        if (!changed.Succeeded)
            throw new ValidationException(changed.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                ? new ValidationFailure("currentPassword", Bilingual.Text("当前密码不正确", "The current password is wrong"))
                : new ValidationFailure("newPassword", PasswordRuleMessage(e))));
        await tx.CommitAsync(ct);
        return new PasswordChanged(user.Id);
    }

    /// <summary>Identity's own rule messages are English only; ours (the common-password list) are bilingual already.</summary>
    private static string PasswordRuleMessage(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => Bilingual.Text("新密码至少 10 位", "The new password needs at least 10 characters"),
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => Bilingual.Text("新密码须包含数字", "The new password needs a digit"),
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => Bilingual.Text("新密码须包含小写字母", "The new password needs a lower-case letter"),
        _ => error.Description,
    };
}
