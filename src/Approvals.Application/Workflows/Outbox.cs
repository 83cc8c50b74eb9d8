using System.Text.Json;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Workflows;

/// <summary>
/// Writes background work into the current transaction and hands it to the job system after commit.
/// Dispatching is safe to repeat: a message already dispatched is skipped.
/// </summary>
public sealed class Outbox(ApprovalsDbContext db, IJobScheduler scheduler, TimeProvider clock)
{
    private bool _written;

    /// <summary>True when this scope wrote messages that are not dispatched yet.</summary>
    public bool HasPending => _written;

    public void Add(string kind, object payload, DateTimeOffset? runAt = null)
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(), Kind = kind, Payload = JsonSerializer.Serialize(payload),
            RunAt = runAt, CreatedAt = clock.GetUtcNow(),
        });
        _written = true;
    }

    /// <summary>
    /// Turns undispatched messages into jobs. Called after each command commits, and by a periodic
    /// sweep for messages whose process died between commit and dispatch.
    /// </summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        _written = false;
        var count = 0;
        while (true)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // SKIP LOCKED lets several nodes sweep at once (and a sweep run beside the command that wrote
            // the messages) without dispatching a message twice.
            var batch = await db.Set<OutboxMessage>()
                .FromSqlInterpolated($"SELECT * FROM outbox_messages WHERE dispatched_at IS NULL ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (batch.Count == 0) return count;
            foreach (var message in batch)
            {
                message.JobId = message.Kind == OutboxKinds.CancelJob
                    ? CancelNow(message)
                    : scheduler.Schedule(message.Id, message.RunAt);
                message.DispatchedAt = clock.GetUtcNow();
            }
            await db.SaveChangesAsync(ct);
            // A timer keeps its job id so that cancelling it later is one delete, not a search.
            foreach (var timer in batch.Where(m => m.Kind == OutboxKinds.TimerDue && m.JobId is not null))
            {
                var bookmarkId = JsonSerializer.Deserialize<TimerPayload>(timer.Payload)!.BookmarkId;
                await db.Set<WorkflowBookmarkRecord>().Where(b => b.Id == bookmarkId)
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.JobId, timer.JobId), ct);
            }
            await tx.CommitAsync(ct);
            count += batch.Count;
        }
    }

    private string? CancelNow(OutboxMessage message)
    {
        var jobId = JsonSerializer.Deserialize<CancelJobPayload>(message.Payload)!.JobId;
        scheduler.Delete(jobId);
        return null;
    }

    public sealed record CancelJobPayload(string JobId);

    public sealed record TimerPayload(Guid InstanceId, Guid BookmarkId);
}
