using Approvals.Application.Auditing.WriteAuditCheckpoint;
using Approvals.Application.Identity;
using Approvals.Application.Notifications;
using Approvals.Application.Workflows;
using Approvals.Application.SpatialChecks.PurgeAdHocSpatialChecks;
using Hangfire;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>
/// The periodic jobs: the outbox sweep (work whose process died between commit and dispatch), the
/// task deadline sweep (80 % reminders and overdue notices), the purge of ad-hoc spatial checks past
/// their retention and the audit checkpoint (the chain's head, written outside the database). Registered
/// by every worker node; Hangfire keeps one schedule per id, so several nodes do not multiply them.
/// </summary>
public sealed class RecurringWork(IServiceScopeFactory scopes)
{
    /// <summary>Cron expression of the audit checkpoint job.</summary>
    public const string CheckpointScheduleKey = "Approvals:Audit:CheckpointSchedule";

    public static void Register(IRecurringJobManager recurring, IBackgroundJobClient jobs, IConfiguration configuration)
    {
        // A node starting after a crash dispatches what the crash left in the outbox at once.
        jobs.Enqueue<RecurringWork>(w => w.SweepOutboxAsync(CancellationToken.None));
        recurring.AddOrUpdate<RecurringWork>("outbox-sweep", w => w.SweepOutboxAsync(CancellationToken.None), "* * * * *");
        recurring.AddOrUpdate<RecurringWork>("task-deadlines", w => w.SweepDeadlinesAsync(CancellationToken.None), "*/10 * * * *");
        recurring.AddOrUpdate<RecurringWork>("spatial-check-purge", w => w.PurgeAdHocSpatialChecksAsync(CancellationToken.None), "23 * * * *");
        var checkpoints = configuration[CheckpointScheduleKey];
        recurring.AddOrUpdate<RecurringWork>("audit-checkpoint", w => w.CheckpointAuditChainAsync(CancellationToken.None),
            string.IsNullOrWhiteSpace(checkpoints) ? "*/5 * * * *" : checkpoints);
    }

    /// <summary>Deletes ad-hoc spatial checks past their retention (Approvals:Limits:AdHocCheckRetention); returns how many.</summary>
    public async Task<int> PurgeAdHocSpatialChecksAsync(CancellationToken ct)
    {
        await using var scope = Begin();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PurgeAdHocSpatialChecksCommand(), ct);
    }

    public async Task SweepOutboxAsync(CancellationToken ct)
    {
        await using var scope = Begin();
        await scope.ServiceProvider.GetRequiredService<Outbox>().DispatchAsync(ct);
    }

    public async Task SweepDeadlinesAsync(CancellationToken ct)
    {
        await using var scope = Begin();
        await scope.ServiceProvider.GetRequiredService<TaskDeadlineSweep>().RunAsync(ct);
    }

    /// <summary>Writes a checkpoint of the audit chain's head if it moved since the last one.</summary>
    public async Task CheckpointAuditChainAsync(CancellationToken ct)
    {
        await using var scope = Begin();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new WriteAuditCheckpointCommand(OnlyWhenMoved: true), ct);
    }

    private AsyncServiceScope Begin()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("background");
        return scope;
    }
}
