using System.Collections.Concurrent;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules;

/// <summary>
/// The rules in force on this node and every published version it has needed, by number. Publishing in the console
/// swaps the current version here at once; other nodes see a newer number within <see cref="RefreshInterval"/>
/// (a cheap max() of the version numbers, asked when a case is routed or a task is due and by a background poll).
/// Handlers receive <see cref="ProvinceRules"/> per scope from <see cref="Current"/>; a running case asks for the version
/// it was first routed with (<see cref="ForCaseAsync"/>).
/// </summary>
public sealed class RulesBook(ProvinceRules folderRules, TimeProvider clock)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, ProvinceRules> _versions = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Until the database is read, the folder's files are in force (number 0: not yet a stored version).
    private volatile Edition _current = new(0, folderRules);
    private long _checkedAt = long.MinValue;

    private sealed record Edition(int Number, ProvinceRules Rules);

    /// <summary>The rules in force as this node last saw them.</summary>
    public ProvinceRules Current => _current.Rules;

    /// <summary>The number of the version in force (0 before the database was read).</summary>
    public int CurrentNumber => _current.Number;

    /// <summary>The rules folder of this node.</summary>
    public string Folder => folderRules.Folder;

    /// <summary>
    /// At a node's start: the folder's files become version 1 in an empty table, or the next version when they match
    /// no stored one (a deployment that changed them); then the newest version is loaded. Without the table (a database
    /// not migrated yet) the folder's files stay in force.
    /// </summary>
    public async Task StartAsync(ApprovalsDbContext db, bool publishFolder, CancellationToken ct)
    {
        if (!await TableExistsAsync(db, ct)) return;
        if (!publishFolder)
        {
            await RefreshAsync(db, ct);
            return;
        }
        const string publishedBy = "规则目录 (rules folder)";
        var folderFiles = RulesFiles.Read(Folder);
        var stored = await db.Set<RulesVersion>().AsNoTracking().Where(v => v.Number != null).OrderBy(v => v.Number).ToListAsync(ct);
        if (!stored.Any(v => RulesVersion.Same(v.Files, folderFiles)))
        {
            var now = clock.GetUtcNow();
            var previous = stored.LastOrDefault();
            db.Set<RulesVersion>().Add(new RulesVersion
            {
                Id = Guid.CreateVersion7(), Number = (previous?.Number ?? 0) + 1, Files = new(folderFiles),
                ChangedFiles = previous is null ? RulesFiles.Ordered(folderFiles.Keys).ToList() : RulesVersion.Differences(previous.Files, folderFiles),
                BasedOn = previous?.Number, Note = previous is null ? "规则目录中的文件 (the rules folder's files)" : "规则目录中的文件已更改 (the rules folder's files changed)",
                UploadedBy = publishedBy, UploadedAt = now, PublishedBy = publishedBy, PublishedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                _versions[(previous?.Number ?? 0) + 1] = folderRules;
            }
            catch (DbUpdateException)
            {
                // Another node stored the same number at the same moment: its version is read below.
                db.ChangeTracker.Clear();
            }
        }
        await RefreshAsync(db, ct);
    }

    /// <summary>The version in force, asking the database when the last look is older than <see cref="RefreshInterval"/>.</summary>
    public async Task<(int Number, ProvinceRules Rules)> CurrentAsync(ApprovalsDbContext db, CancellationToken ct)
    {
        if (clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)) >= RefreshInterval || Interlocked.Read(ref _checkedAt) == long.MinValue)
            await RefreshAsync(db, ct);
        var current = _current;
        return (current.Number, current.Rules);
    }

    /// <summary>Reads the newest published number and, when it is not the one in force, loads that version.</summary>
    public async Task RefreshAsync(ApprovalsDbContext db, CancellationToken ct)
    {
        var newest = await db.Set<RulesVersion>().Where(v => v.Number != null).MaxAsync(v => v.Number, ct);
        if (newest is { } number && number != _current.Number)
        {
            var rules = await VersionAsync(db, number, ct);
            await _gate.WaitAsync(ct);
            try
            {
                if (number > _current.Number) _current = new Edition(number, rules);
            }
            finally
            {
                _gate.Release();
            }
        }
        Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
    }

    /// <summary>The rules of a published version.</summary>
    /// <exception cref="InvalidOperationException">No such version.</exception>
    public async Task<ProvinceRules> VersionAsync(ApprovalsDbContext db, int number, CancellationToken ct)
    {
        if (_versions.TryGetValue(number, out var known)) return known;
        var files = await db.Set<RulesVersion>().AsNoTracking().Where(v => v.Number == number).Select(v => v.Files).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Rules version {number} does not exist.");
        return _versions.GetOrAdd(number, _ => ProvinceRules.FromFiles(files, Folder));
    }

    /// <summary>The rules a case is handled by: the version it was first routed with, or the current one before that.</summary>
    public async Task<(int Number, ProvinceRules Rules)> ForCaseAsync(ApprovalsDbContext db, int? caseVersion, CancellationToken ct) =>
        caseVersion is { } number ? (number, await VersionAsync(db, number, ct)) : await CurrentAsync(db, ct);

    /// <summary>A version just published on this node is in force here at once.</summary>
    public void Adopt(int number, ProvinceRules rules)
    {
        _versions[number] = rules;
        _gate.Wait();
        try
        {
            if (number > _current.Number) _current = new Edition(number, rules);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<bool> TableExistsAsync(ApprovalsDbContext db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<bool>("SELECT to_regclass('rules_versions') IS NOT NULL AS \"Value\"").ToListAsync(ct)).Single();
}
