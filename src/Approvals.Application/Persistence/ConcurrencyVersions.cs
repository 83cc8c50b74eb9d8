using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Approvals.Application.Persistence;

/// <summary>A row saved under optimistic concurrency: its <see cref="Version"/> moves by one with every save that changes it.</summary>
public interface IVersioned
{
    int Version { get; }
}

/// <summary>
/// A column whose change does not make the row another version (bookkeeping such as "reminder sent"):
/// a person who read the row before it may still save over it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotVersionedAttribute : Attribute;

/// <summary>
/// Moves the version of every changed <see cref="IVersioned"/> row, once per save, so handlers and entities do not
/// bump it by hand. EF compares the version read with the stored one in the UPDATE: a colleague's save in
/// between is a <see cref="DbUpdateConcurrencyException"/>. Run before the audit trail collects the changes, so
/// the audit entry shows the version as saved.
/// </summary>
internal static class ConcurrencyVersions
{
    public static void Advance(ChangeTracker tracker)
    {
        // Entries() detects the changes first.
        foreach (var entry in tracker.Entries<IVersioned>())
        {
            if (entry.State != EntityState.Modified) continue;
            var version = entry.Property(e => e.Version);
            // Moved already in this save (an entity that changes where it stands without a column of its own changing).
            if (version.IsModified && version.CurrentValue != version.OriginalValue) continue;
            if (!entry.Properties.Any(p => p.IsModified && !IsNotVersioned(p.Metadata.PropertyInfo))) continue;
            version.CurrentValue = version.OriginalValue + 1;
        }
    }

    private static bool IsNotVersioned(PropertyInfo? property) => property?.IsDefined(typeof(NotVersionedAttribute)) == true;
}
