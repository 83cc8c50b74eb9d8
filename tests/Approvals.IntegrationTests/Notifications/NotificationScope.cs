using Approvals.Application.Identity;
using Approvals.Application.Notifications;
using Approvals.Application.Persistence;
using Approvals.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Notifications;

/// <summary>The host's own services, for what a test does behind the web: sweeps at a chosen time, the delivery rows.</summary>
public sealed class NotificationScope(ApprovalsApp app)
{
    /// <summary>A clock standing at a fixed instant, for running the deadline sweep "later".</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    public async Task SweepDeadlinesAtAsync(DateTimeOffset now)
    {
        await using var scope = Begin();
        var services = scope.ServiceProvider;
        await new TaskDeadlineSweep(services.GetRequiredService<ApprovalsDbContext>(), new FixedClock(now),
            services.GetRequiredService<NotificationPost>(), services.GetRequiredService<Approvals.Application.Workflows.Outbox>()).RunAsync(CancellationToken.None);
    }

    /// <summary>The e-mail deliveries of a case's notifications of a kind, with the recipient's user name.</summary>
    public async Task<List<(EmailDelivery Delivery, Notification Notification, string UserName)>> DeliveriesAsync(Guid caseId, string kind)
    {
        await using var scope = Begin();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var rows = await (from d in db.Set<EmailDelivery>()
                          join n in db.Set<Notification>() on d.NotificationId equals n.Id
                          join u in db.Users on n.RecipientId equals u.Id
                          where n.CaseId == caseId && n.Kind == kind
                          select new { d, n, u.UserName }).AsNoTracking().ToListAsync();
        return rows.Select(r => (r.d, r.n, r.UserName!)).ToList();
    }

    /// <summary>The notifications of a case of a kind, with the recipient's user name.</summary>
    public async Task<List<(Notification Notification, string UserName)>> NotificationsAsync(Guid caseId, string kind)
    {
        await using var scope = Begin();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var rows = await (from n in db.Set<Notification>()
                          join u in db.Users on n.RecipientId equals u.Id
                          where n.CaseId == caseId && n.Kind == kind
                          select new { n, u.UserName }).AsNoTracking().ToListAsync();
        return rows.Select(r => (r.n, r.UserName!)).ToList();
    }

    /// <summary>Writes a notification to a user as the application does (with its e-mail when the kind is e-mailed); returns its id.</summary>
    public async Task<(Guid NotificationId, Guid? DeliveryId)> PostAsync(string userName, string kind, string text, string textEn, Guid? caseId)
    {
        await using var scope = Begin();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        scope.ServiceProvider.GetRequiredService<NotificationPost>().Post(user, kind, text, textEn, caseId);
        var notification = db.ChangeTracker.Entries<Notification>().Single().Entity;
        var delivery = db.ChangeTracker.Entries<EmailDelivery>().SingleOrDefault()?.Entity;
        await db.SaveChangesAsync();
        return (notification.Id, delivery?.Id);
    }

    /// <summary>Runs one delivery's work as a background job does (a fresh scope, the system actor); true if it sent the mail.</summary>
    public async Task<bool> DeliverAsync(Guid deliveryId)
    {
        await using var scope = Begin();
        return await scope.ServiceProvider.GetRequiredService<EmailDeliveryWork>().RunAsync(deliveryId, CancellationToken.None);
    }

    /// <summary>Runs the background job of an outbox message again, as Hangfire does when it retries a job.</summary>
    public async Task RunOutboxJobAgainAsync(Guid outboxMessageId) =>
        await app.Factory.Services.GetRequiredService<Approvals.Application.Workflows.Jobs.OutboxWork>().RunAsync(outboxMessageId, CancellationToken.None);

    /// <summary>The outbox messages (background jobs) that carried a delivery.</summary>
    public async Task<List<Guid>> OutboxMessagesOfAsync(Guid deliveryId) =>
        (await app.Database.ScalarAsync<Guid[]>(
            $"SELECT coalesce(array_agg(id), '{{}}') FROM outbox_messages WHERE kind = '{OutboxKinds()}' AND payload->>'DeliveryId' = '{deliveryId}'")).ToList();

    private static string OutboxKinds() => Approvals.Application.Workflows.OutboxKinds.NotificationEmail;

    private AsyncServiceScope Begin()
    {
        var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        return scope;
    }
}
