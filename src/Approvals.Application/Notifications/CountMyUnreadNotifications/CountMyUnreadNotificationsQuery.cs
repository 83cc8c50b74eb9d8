using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Notifications.CountMyUnreadNotifications;

/// <summary>How many of the caller's notifications are unread: the number on the bell of every page.</summary>
public sealed record CountMyUnreadNotificationsQuery : IQuery<int>;

public sealed class CountMyUnreadNotificationsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<CountMyUnreadNotificationsQuery, int>
{
    public async ValueTask<int> Handle(CountMyUnreadNotificationsQuery query, CancellationToken ct) =>
        actorAccessor.Current.UserId is { } me
            ? await db.Set<Notification>().CountAsync(n => n.RecipientId == me && n.ReadAt == null, ct)
            : 0;
}
