using System.Text.Json;
using Approvals.Application.Cases.RunCaseSpatialCheck;
using Approvals.Application.Identity;
using Approvals.Application.Notifications;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows.Activities;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Jobs;

/// <summary>
/// What a background job does with one outbox message. Every kind is idempotent: a job run twice
/// (a retry, two sweeps) finds nothing left to do the second time.
/// </summary>
public sealed class OutboxWork(IServiceScopeFactory scopes)
{
    public async Task RunAsync(Guid outboxMessageId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<ActorAccessor>().Current = Actor.System("background");
        var db = services.GetRequiredService<ApprovalsDbContext>();
        var message = await db.Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == outboxMessageId, ct);
        if (message is null) return;
        switch (message.Kind)
        {
            case OutboxKinds.CaseSpatialCheck:
                var work = JsonSerializer.Deserialize<CaseSpatialCheckWork>(message.Payload)!;
                await services.GetRequiredService<IMediator>().Send(new RunCaseSpatialCheckCommand(work.CaseId, work.InstanceId), ct);
                break;
            case OutboxKinds.CaseRecheck:
                var recheck = JsonSerializer.Deserialize<Rechecks.ScheduleLayerRecheck.CaseRecheckWork>(message.Payload)!;
                await services.GetRequiredService<IMediator>().Send(new Rechecks.RecheckCase.RecheckCaseCommand(recheck.RecheckId, recheck.CaseId), ct);
                break;
            case OutboxKinds.TimerDue:
                var timer = JsonSerializer.Deserialize<Outbox.TimerPayload>(message.Payload)!;
                var host = services.GetRequiredService<WorkflowHost>();
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    var state = await host.FindStateAsync(timer.InstanceId, ct);
                    if (state is null || state.Bookmarks.All(b => b.Id != timer.BookmarkId)) return;
                    await host.ResumeAsync(timer.InstanceId, timer.BookmarkId, null, "timer", ct);
                    await tx.CommitAsync(ct);
                }
                break;
            case OutboxKinds.NotificationEmail:
                var delivery = JsonSerializer.Deserialize<EmailDeliveryWork.Payload>(message.Payload)!;
                await services.GetRequiredService<EmailDeliveryWork>().RunAsync(delivery.DeliveryId, ct);
                break;
            case OutboxKinds.BaseMapImport:
                var import = JsonSerializer.Deserialize<BaseMaps.BaseMapImportWork.Payload>(message.Payload)!;
                await services.GetRequiredService<BaseMaps.BaseMapImportWork>().RunAsync(import.ImportId, ct);
                break;
            default:
                throw new InvalidOperationException($"Unknown outbox message kind '{message.Kind}'.");
        }
        var outbox = services.GetRequiredService<Outbox>();
        if (outbox.HasPending) await outbox.DispatchAsync(ct);
    }
}
