using Approvals.Application.Notifications.CountMyUnreadNotifications;
using Approvals.Application.Notifications.ListMyNotifications;
using Approvals.Application.Notifications.MarkAllNotificationsRead;
using Approvals.Application.Notifications.MarkNotificationRead;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>The caller's own notifications: reminders, overdue notices, corrections asked for, decisions, base-map changes.</summary>
public static class NotificationEndpoints
{
    public sealed record UnreadCount(int Unread);

    public sealed record MarkedRead(int Marked);

    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        notifications.MapGet("/", (IMediator m, CancellationToken ct, int page = 1, int pageSize = 20) =>
                m.Send(new ListMyNotificationsQuery(page, pageSize), ct))
            .WithSummary("My notifications, newest first, in my language; each links to its case while I may still see it.");
        notifications.MapGet("/unread-count", async (IMediator m, CancellationToken ct) =>
                new UnreadCount(await m.Send(new CountMyUnreadNotificationsQuery(), ct)))
            .WithSummary("How many of my notifications are unread (the bell).");
        notifications.MapPost("/{id:guid}/read", async (Guid id, IMediator m, CancellationToken ct) =>
        {
            await m.Send(new MarkNotificationReadCommand(id), ct);
            return Results.NoContent();
        }).WithSummary("Marks one of my notifications read (another user's is not found).");
        notifications.MapPost("/read-all", async (IMediator m, CancellationToken ct) =>
                new MarkedRead(await m.Send(new MarkAllNotificationsReadCommand(), ct)))
            .WithSummary("Marks all my notifications read; says how many were unread.");
        return app;
    }
}
