using Approvals.Application.Localization;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Auditing.VerifyAuditChain;

/// <summary>
/// Walks the whole audit chain and reports the first entry that does not fit it, then compares the chain
/// with every checkpoint of this database: entries deleted from the end leave a chain that links up but
/// is shorter than a checkpoint (or, if more were appended since, has another hash at its sequence).
/// </summary>
/// <param name="CheckpointPath">Another checkpoint file than the configured one, e.g. the copy shipped off the machine (command line only).</param>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以校验审计链", RefusalEn = "Only administrators may verify the audit chain.")]
public sealed record VerifyAuditChainQuery(string? CheckpointPath = null) : IQuery<AuditChainVerification>;

public sealed record AuditChainVerification(long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    /// <summary>The checkpoint file compared with.</summary>
    public string? CheckpointPath { get; init; }
    public int CheckpointsCompared { get; init; }
    /// <summary>The newest checkpoint of this database, if any.</summary>
    public AuditCheckpoint? LatestCheckpoint { get; init; }
    /// <summary>The earliest checkpoint the chain no longer matches: its tail was deleted or rewritten.</summary>
    public AuditCheckpointMismatch? CheckpointMismatch { get; init; }
    /// <summary>Things an operator should know that do not by themselves mean tampering (unreadable lines, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool IsIntact => FirstBrokenSequence is null && CheckpointMismatch is null;
}

/// <param name="Line">The checkpoint's line in the file.</param>
/// <param name="Mismatching">How many of this database's checkpoints the chain does not match.</param>
public sealed record AuditCheckpointMismatch(int Line, AuditCheckpoint Checkpoint, string Problem, int Mismatching);

public sealed class VerifyAuditChainHandler(ApprovalsDbContext db, ActorAccessor actor, AuditCheckpointFile configuredFile)
    : IQueryHandler<VerifyAuditChainQuery, AuditChainVerification>
{
    public async ValueTask<AuditChainVerification> Handle(VerifyAuditChainQuery query, CancellationToken ct)
    {
        var who = actor.Current;

        var file = query.CheckpointPath is { } path ? new AuditCheckpointFile(path) : configuredFile;
        var log = await file.ReadAsync(db.Database.GetDbConnection().Database, ct);
        var expectedHash = log.Checkpoints.ToLookup(c => c.Checkpoint.Sequence);
        var mismatches = new List<AuditCheckpointMismatch>();

        long expected = 1;
        var previous = AuditEntry.GenesisHash;
        (long Sequence, string Problem)? broken = null;
        // Streams in order; the chain may be long, so nothing is held but the previous hash.
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expected) { broken = (expected, $"entry {expected} is missing (next entry is {e.Sequence})"); break; }
            if (e.PreviousHash != previous) { broken = (e.Sequence, $"entry {e.Sequence} does not link to the hash of entry {e.Sequence - 1}"); break; }
            if (e.ComputeHash() != e.Hash) { broken = (e.Sequence, $"entry {e.Sequence} was changed after it was written (its content does not match its hash)"); break; }
            foreach (var (line, checkpoint) in expectedHash[e.Sequence])
                if (checkpoint.Hash != e.Hash)
                    mismatches.Add(new(line, checkpoint,
                        $"entry {e.Sequence} now has the hash {Short(e.Hash)}, not {Short(checkpoint.Hash)}: the chain was rewritten from entry {e.Sequence} or earlier", 0));
            previous = e.Hash;
            expected++;
        }
        var length = expected - 1;
        // A chain broken in the middle is reported as such; checkpoints beyond the break cannot be compared.
        if (broken is null)
            foreach (var (line, checkpoint) in log.Checkpoints.Where(c => c.Checkpoint.Sequence > length))
                mismatches.Add(new(line, checkpoint, length == 0
                    ? $"the chain is empty: entries 1 to {checkpoint.Sequence} were deleted"
                    : $"the chain ends at entry {length}: entries {length + 1} to {checkpoint.Sequence} (at least) were deleted", 0));

        var notes = new List<string>();
        if (log.ReadError is { } error) notes.Add($"The checkpoint file {log.Path} could not be read to the end: {error}");
        if (log.UnreadableLines.Count > 0)
            notes.Add($"{log.UnreadableLines.Count} line(s) of {log.Path} are not checkpoints and were skipped (line {string.Join(", ", log.UnreadableLines.Take(10))}).");

        return new AuditChainVerification(length, broken?.Sequence, broken?.Problem)
        {
            CheckpointPath = log.Path,
            CheckpointsCompared = log.Checkpoints.Count(c => broken is null || c.Checkpoint.Sequence <= length),
            LatestCheckpoint = log.Latest?.Checkpoint,
            CheckpointMismatch = mismatches.OrderBy(m => m.Checkpoint.Sequence).ThenBy(m => m.Line).FirstOrDefault() is { } first
                ? first with { Mismatching = mismatches.Count }
                : null,
            Notes = notes,
        };
    }

    private static string Short(string hash) => hash[..Math.Min(12, hash.Length)] + "…";
}
