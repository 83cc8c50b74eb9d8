using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Approvals.Application.Auditing;

/// <summary>
/// Turns the tracked changes of one SaveChanges into audit entries and appends them to the chain
/// inside the same transaction. A transaction-scoped advisory lock serialises appenders so the
/// chain has one order; it is held only from the append to the commit.
/// </summary>
internal static class AuditTrail
{
    /// <summary>Arbitrary but fixed key of the advisory lock that guards the chain's tail.</summary>
    private const long ChainLockKey = 0x4150_5052_4155_4454; // "APPRAUDT"

    /// <summary>Properties never copied into the trail: secrets and concurrency tokens.</summary>
    private static readonly HashSet<string> SecretProperties =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    internal sealed record Draft(string Action, string EntityType, string EntityId, string? Before, string? After);

    public static List<Draft> Collect(ChangeTracker tracker)
    {
        var drafts = new List<Draft>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry || entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Metadata.ClrType.IsDefined(typeof(NotAuditedAttribute), inherit: false)) continue;
            var type = entry.Metadata.ClrType.Name;
            var id = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
            switch (entry.State)
            {
                case EntityState.Added:
                    drafts.Add(new Draft("Added", type, id, null, Snapshot(entry, current: true, onlyModified: false)));
                    break;
                case EntityState.Deleted:
                    drafts.Add(new Draft("Deleted", type, id, Snapshot(entry, current: false, onlyModified: false), null));
                    break;
                case EntityState.Modified:
                    var before = Snapshot(entry, current: false, onlyModified: true);
                    var after = Snapshot(entry, current: true, onlyModified: true);
                    if (before != after) drafts.Add(new Draft("Modified", type, id, before, after));
                    break;
            }
        }
        return drafts;
    }

    public static async Task AppendAsync(DbContext db, IReadOnlyList<Draft> drafts, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
        var tail = await db.Set<AuditEntry>().AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = tail?.Sequence ?? 0;
        var previous = tail?.Hash ?? AuditEntry.GenesisHash;
        var at = AuditEntry.ToStoredPrecision(now);
        foreach (var d in drafts)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence, At = at, ActorId = actor.UserId, ActorName = actor.Name,
                Action = d.Action, EntityType = d.EntityType, EntityId = d.EntityId,
                Before = d.Before, After = d.After, CorrelationId = actor.CorrelationId, PreviousHash = previous,
            };
            entry.Seal();
            db.Set<AuditEntry>().Add(entry);
            previous = entry.Hash;
        }
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
        JsonDocument doc => JsonNode.Parse(doc.RootElement.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType()),
    };
}
