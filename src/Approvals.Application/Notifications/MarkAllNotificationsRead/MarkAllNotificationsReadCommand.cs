using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Notifications.MarkAllNotificationsRead;

/// <summary>The caller marks every one of their unread notifications read; returns how many were unread.</summary>
public sealed record MarkAllNotificationsReadCommand : ICommand<int>;

public sealed class MarkAllNotificationsReadHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<MarkAllNotificationsReadCommand, int>
{
    public async ValueTask<int> Handle(MarkAllNotificationsReadCommand command, CancellationToken ct)
    {
        if (actorAccessor.Current.UserId is not { } me) return 0;
        // Loaded and saved (not one bulk UPDATE) so that the audit trail records each, like every other change.
        var unread = await db.Set<Notification>().Where(n => n.RecipientId == me && n.ReadAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var notification in unread) notification.ReadAt = now;
        if (unread.Count > 0) await db.SaveChangesAsync(ct);
        return unread.Count;
    }
}
