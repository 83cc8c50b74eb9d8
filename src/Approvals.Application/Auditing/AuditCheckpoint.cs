namespace Approvals.Application.Auditing;

/// <summary>
/// What the head of one database's audit chain was at a moment: how many entries, the newest one's
/// sequence and hash. Kept outside the audited table (a file, the log), so deleting the newest entries,
/// which leaves a shorter chain that still links up, is caught: every checkpoint must remain a prefix of
/// the chain, with the same hash at its sequence.
/// </summary>
/// <param name="Database">The database the chain lives in (one checkpoint file may serve several).</param>
/// <param name="Entries">Rows in the chain when the checkpoint was taken (equal to Sequence in an intact chain).</param>
/// <param name="Sequence">The newest entry's sequence.</param>
/// <param name="Hash">The newest entry's hash.</param>
/// <param name="At">When the checkpoint was taken.</param>
public sealed record AuditCheckpoint(string Database, long Entries, long Sequence, string Hash, DateTimeOffset At)
{
    public bool SameHeadAs(AuditCheckpoint other) => Sequence == other.Sequence && Hash == other.Hash && Entries == other.Entries;

    public override string ToString() =>
        $"{Entries} entries, head {Sequence} {Hash[..Math.Min(12, Hash.Length)]}…, taken {At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
}
