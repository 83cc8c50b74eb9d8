using System.Security.Cryptography;
using System.Text;

namespace Approvals.Application.Auditing;

/// <summary>
/// One state change: who, when, what, before and after. Entries are append-only (the database refuses
/// updates and deletes) and hash-chained: each entry's hash covers its content and the previous hash,
/// so changing or removing any entry breaks the chain from that entry on.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, 1-based, without gaps.</summary>
    public long Sequence { get; init; }
    /// <summary>Truncated to microseconds, the precision PostgreSQL stores, so the hash survives a round trip.</summary>
    public DateTimeOffset At { get; init; }
    public Guid? ActorId { get; init; }
    public string ActorName { get; init; } = "";
    /// <summary>What happened, e.g. "Added", "Modified", "Deleted" or a named business action.</summary>
    public string Action { get; init; } = "";
    public string EntityType { get; init; } = "";
    public string EntityId { get; init; } = "";
    /// <summary>JSON text exactly as hashed (text, not jsonb, which would reformat it).</summary>
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? CorrelationId { get; init; }
    public string PreviousHash { get; init; } = "";
    public string Hash { get; private set; } = "";

    /// <summary>Fixes the hash over the content; called once, when the entry joins the chain.</summary>
    public void Seal() => Hash = ComputeHash();

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public string ComputeHash()
    {
        var content = string.Join('\u001f',
            Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ActorId?.ToString() ?? "", ActorName, Action, EntityType, EntityId,
            Before ?? "\u0000", After ?? "\u0000", CorrelationId ?? "", PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    public static DateTimeOffset ToStoredPrecision(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
