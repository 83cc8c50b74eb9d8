using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;

namespace Approvals.Application.Auditing;

/// <summary>
/// Turns the tracked changes of each SaveChanges into audit drafts, and appends a transaction's drafts
/// to the chain as the transaction commits (see <see cref="AuditChainInterceptor"/>). A
/// transaction-scoped advisory lock serialises appenders so the chain has one order; taking it at the
/// commit, not at the first save, keeps the section that all writers queue for short. Events that change
/// no row (a case read by staff, a sign-in, a purge) join the same chain through <see cref="RecordAsync"/>.
/// </summary>
public static class AuditTrail
{
    /// <summary>Arbitrary but fixed key of the advisory lock that guards the chain's tail.</summary>
    private const long ChainLockKey = 0x4150_5052_4155_4454; // "APPRAUDT"

    /// <summary>Properties never copied into the trail: secrets and concurrency tokens.</summary>
    private static readonly HashSet<string> SecretProperties =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    internal sealed record Draft(string Action, string EntityType, string EntityId, string? Before, string? After, Actor Actor, DateTimeOffset At)
    {
        /// <summary>An added row's entry, read again after the save: keys the database generates are known only then.</summary>
        public EntityEntry? AddedEntry { get; init; }

        public Draft Saved() => AddedEntry is { } e
            ? this with { EntityId = KeyOf(e), After = Snapshot(e, current: true, onlyModified: false), AddedEntry = null }
            : this;
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));

    internal static List<Draft> Collect(ChangeTracker tracker, Actor actor, DateTimeOffset now)
    {
        var at = AuditEntry.ToStoredPrecision(now);
        var drafts = new List<Draft>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry || entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Metadata.ClrType.IsDefined(typeof(NotAuditedAttribute), inherit: false)) continue;
            var type = entry.Metadata.ClrType.Name;
            var id = KeyOf(entry);
            switch (entry.State)
            {
                case EntityState.Added:
                    drafts.Add(new Draft("Added", type, id, null, null, actor, at) { AddedEntry = entry });
                    break;
                case EntityState.Deleted:
                    drafts.Add(new Draft("Deleted", type, id, Snapshot(entry, current: false, onlyModified: false), null, actor, at));
                    break;
                case EntityState.Modified:
                    var before = Snapshot(entry, current: false, onlyModified: true);
                    var after = Snapshot(entry, current: true, onlyModified: true);
                    if (before != after) drafts.Add(new Draft("Modified", type, id, before, after, actor, at));
                    break;
            }
        }
        return drafts;
    }

    /// <summary>Appends drafts to the chain on the committing transaction's own connection.</summary>
    internal static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Draft> drafts, CancellationToken ct)
    {
        // Deferred triggers (the dashboard's read model) would otherwise run at COMMIT, inside the section
        // every writer queues for; firing them first keeps that section to the chain's own statements.
        await using (var lockCommand = new NpgsqlCommand($"SET CONSTRAINTS ALL IMMEDIATE; SELECT pg_advisory_xact_lock({ChainLockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(ct);
        long sequence = 0;
        var previous = AuditEntry.GenesisHash;
        await using (var tail = new NpgsqlCommand("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", connection, transaction))
        await using (var reader = await tail.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var d in drafts)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence, At = d.At, ActorId = d.Actor.UserId, ActorName = d.Actor.Name,
                Action = d.Action, EntityType = d.EntityType, EntityId = d.EntityId,
                Before = d.Before, After = d.After, CorrelationId = d.Actor.CorrelationId, PreviousHash = previous,
            };
            entry.Seal();
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO audit_entries (sequence, at, actor_id, actor_name, action, entity_type, entity_id, before, after, correlation_id, previous_hash, hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.Sequence });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.At });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.ActorId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.ActorName });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.Action });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.EntityType });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.EntityId });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.After ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.CorrelationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.PreviousHash });
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.Hash });
            batch.BatchCommands.Add(insert);
            previous = entry.Hash;
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Appends one event that changes no row to the chain, in the same form as a row's change: who (the scope's
    /// actor unless <paramref name="actor"/> is given), when, <paramref name="action"/> on
    /// <paramref name="entityType"/> <paramref name="entityId"/>, and <paramref name="details"/> as JSON in the
    /// entry's "after". Inside the caller's transaction it commits with it (or not at all); otherwise it is
    /// written at once in a transaction of its own: the chain's lock, one read of its tail, one insert.
    /// </summary>
    /// <param name="action">What happened, a word like the row actions: "CaseRead", "SignedIn", "Purged".</param>
    /// <param name="details">Anything JSON-serialisable (an anonymous object), or null.</param>
    public static async Task RecordAsync(
        ApprovalsDbContext db, string action, string entityType, string entityId, object? details, CancellationToken ct, Actor? actor = null)
    {
        var draft = new Draft(action, entityType, entityId, null, details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
            actor ?? db.Actor, AuditEntry.ToStoredPrecision(db.Clock.GetUtcNow()));
        if (db.Database.CurrentTransaction is not null)
        {
            db.PendingAudit.Add(draft);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.PendingAudit.Add(draft);
        await transaction.CommitAsync(ct);
    }

    private static string Snapshot(EntityEntry entry, bool current, bool onlyModified)
    {
        var json = new JsonObject();
        foreach (var p in entry.Properties)
        {
            if (SecretProperties.Contains(p.Metadata.Name)) continue;
            if (onlyModified && !p.IsModified) continue;
            var value = current ? p.CurrentValue : p.OriginalValue;
            json[p.Metadata.Name] = ToJson(value);
        }
        return json.ToJsonString();
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        NetTopologySuite.Geometries.Geometry g => JsonValue.Create($"{g.GeometryType} ({g.NumPoints} points, SRID {g.SRID})"),
        JsonNode node => node.DeepClone(),
        byte[] bytes => JsonValue.Create($"{bytes.Length} bytes"),
        // By name, so an entry reads "Status":"Approved" rather than a number that means something only in code.
        Enum e => JsonValue.Create(e.ToString()),
        JsonDocument doc => JsonNode.Parse(doc.RootElement.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType()),
    };
}
