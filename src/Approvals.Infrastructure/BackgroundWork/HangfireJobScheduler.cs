using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Jobs;
using Hangfire;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>Hangfire behind the application's job port: one job per outbox message.</summary>
public sealed class HangfireJobScheduler(JobStorage storage, TimeProvider clock) : IJobScheduler
{
    // Built on first use: every command's pipeline holds a scheduler, few of them schedule anything, and
    // a Hangfire client reaches for Hangfire's process-wide logging when it is made.
    private readonly Lazy<IBackgroundJobClient> _jobs = new(() => new BackgroundJobClient(storage));

    public string Schedule(Guid outboxMessageId, DateTimeOffset? runAt) =>
        runAt is { } at && at > clock.GetUtcNow()
            ? _jobs.Value.Schedule<OutboxWork>(w => w.RunAsync(outboxMessageId, CancellationToken.None), at)
            : _jobs.Value.Enqueue<OutboxWork>(w => w.RunAsync(outboxMessageId, CancellationToken.None));

    public void Delete(string jobId) => _jobs.Value.Delete(jobId);
}
