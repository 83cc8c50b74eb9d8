using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Notifications.MarkNotificationRead;

/// <summary>The caller marks one of their notifications read; marking it again changes nothing.</summary>
public sealed record MarkNotificationReadCommand(Guid NotificationId) : ICommand;

public sealed class MarkNotificationReadValidator : AbstractValidator<MarkNotificationReadCommand>
{
    public MarkNotificationReadValidator()
    {
        RuleFor(c => c.NotificationId).NotEmpty().WithMessage(_ => Bilingual.Text("请指明要标为已读的通知", "Say which notification to mark read"));
    }
}

public sealed class MarkNotificationReadHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<MarkNotificationReadCommand>
{
    public async ValueTask<Unit> Handle(MarkNotificationReadCommand command, CancellationToken ct)
    {
        var me = actorAccessor.Current.UserId;
        // Someone else's notification does not exist for the caller, so ids cannot be probed.
        var notification = await db.Set<Notification>().SingleOrDefaultAsync(n => n.Id == command.NotificationId && n.RecipientId == me, ct)
            ?? throw new NotFoundException(Bilingual.Text("未找到该通知", "No such notification"));
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return Unit.Value;
    }
}
