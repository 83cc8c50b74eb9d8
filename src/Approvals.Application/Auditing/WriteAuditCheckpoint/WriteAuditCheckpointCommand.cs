using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Approvals.Application.Auditing.WriteAuditCheckpoint;

/// <summary>
/// Records where the audit chain's head is now, in the checkpoint file and as one log line, so that
/// entries deleted from the end of the chain later are noticed by <c>approvals audit verify</c>.
/// </summary>
/// <param name="OnlyWhenMoved">The recurring job's mode: write nothing if the head is where the last checkpoint saw it.</param>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以写入审计检查点", RefusalEn = "Only administrators may write audit checkpoints.")]
public sealed record WriteAuditCheckpointCommand(bool OnlyWhenMoved) : ICommand<AuditCheckpointResult>;

/// <param name="Head">The checkpoint written, or the last one when the head had not moved.</param>
/// <param name="Written">False when the head had not moved since the last checkpoint (and the command only writes when it has).</param>
/// <param name="Path">The checkpoint file.</param>
public sealed record AuditCheckpointResult(AuditCheckpoint Head, bool Written, string Path);

public sealed class WriteAuditCheckpointHandler(
    ApprovalsDbContext db, ActorAccessor actor, AuditCheckpointFile file, TimeProvider clock, ILogger<WriteAuditCheckpointHandler> log)
    : ICommandHandler<WriteAuditCheckpointCommand, AuditCheckpointResult>
{
    public async ValueTask<AuditCheckpointResult> Handle(WriteAuditCheckpointCommand command, CancellationToken ct)
    {
        var who = actor.Current;

        var database = db.Database.GetDbConnection().Database;
        if (command.OnlyWhenMoved)
        {
            // The newest entry alone is one index probe; counting the chain waits until there is something to write.
            var (sequence, hash) = await QueryAsync("SELECT 0::bigint, sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", database, ct) is { } now
                ? (now.Sequence, now.Hash)
                : (0L, AuditEntry.GenesisHash);
            var latest = (await file.ReadAsync(database, ct)).Latest;
            var moved = latest is { } last ? last.Checkpoint.Sequence != sequence || last.Checkpoint.Hash != hash : sequence > 0;
            if (!moved)
                return new AuditCheckpointResult(latest?.Checkpoint ?? new AuditCheckpoint(database, 0, 0, hash, clock.GetUtcNow()), false, file.Path);
        }
        // One statement, so the count and the head come from one snapshot.
        var head = await QueryAsync("SELECT (SELECT count(*) FROM audit_entries), sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", database, ct)
            ?? new AuditCheckpoint(database, 0, 0, AuditEntry.GenesisHash, clock.GetUtcNow());
        await file.AppendAsync(head, ct);
        // The same facts as the file's line, for a log that is shipped off the machine.
        log.LogInformation("Audit checkpoint: database {Database}, {Entries} entries, head {Sequence} {Hash}, at {At:O}",
            head.Database, head.Entries, head.Sequence, head.Hash, head.At);
        return new AuditCheckpointResult(head, true, file.Path);
    }

    /// <summary>The head as (entries, sequence, hash) from <paramref name="sql"/>, or null for an empty chain.</summary>
    private async Task<AuditCheckpoint?> QueryAsync(string sql, string database, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new AuditCheckpoint(database, reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), clock.GetUtcNow())
                : null;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
