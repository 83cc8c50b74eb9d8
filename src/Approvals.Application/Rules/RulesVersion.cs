namespace Approvals.Application.Rules;

/// <summary>
/// A set of rules files as uploaded: a draft (no <see cref="Number"/>) until an administrator publishes it, then a
/// numbered version, kept for good (a case routed under it goes on using it). Version 1 is the rules folder's files
/// as the first node found them; a folder whose files match no stored version is published as the next one at start-up.
/// The preview and the publication of a draft refer to the same stored bytes.
/// </summary>
public sealed class RulesVersion
{
    public Guid Id { get; set; }
    /// <summary>1, 2, … once published; null while a draft.</summary>
    public int? Number { get; set; }
    /// <summary>Every rules file of the set (name → content), not only the changed ones.</summary>
    public Dictionary<string, string> Files { get; set; } = [];
    /// <summary>The files whose content differs from <see cref="BasedOn"/> (added, changed or removed).</summary>
    public List<string> ChangedFiles { get; set; } = [];
    /// <summary>The version the draft was made from and compared with.</summary>
    public int? BasedOn { get; set; }
    public string? Note { get; set; }
    public string UploadedBy { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The files that differ between two sets.</summary>
    public static List<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        RulesFiles.Ordered(before.Keys.Union(after.Keys)
            .Where(name => !before.TryGetValue(name, out var b) || !after.TryGetValue(name, out var a) || !string.Equals(a, b, StringComparison.Ordinal)))
            .ToList();

    /// <summary>True when both sets hold the same files with the same content.</summary>
    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) => Differences(a, b).Count == 0;
}
