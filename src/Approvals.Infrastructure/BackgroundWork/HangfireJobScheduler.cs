using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Jobs;
using Hangfire;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>Hangfire behind the application's job port: one job per outbox message.</summary>
public sealed class HangfireJobScheduler(IBackgroundJobClient jobs, TimeProvider clock) : IJobScheduler
{
    public string Schedule(Guid outboxMessageId, DateTimeOffset? runAt) =>
        runAt is { } at && at > clock.GetUtcNow()
            ? jobs.Schedule<OutboxWork>(w => w.RunAsync(outboxMessageId, CancellationToken.None), at)
            : jobs.Enqueue<OutboxWork>(w => w.RunAsync(outboxMessageId, CancellationToken.None));

    public void Delete(string jobId) => jobs.Delete(jobId);
}
