using System.Data;
using System.Text.RegularExpressions;
using Npgsql;

namespace Approvals.Infrastructure.Database;

/// <summary>
/// The whole database in one pg_dump archive (custom format) and back: the application's tables, the
/// hangfire schema and the attachments, whose bytes live in the database (attachment_contents). The
/// PostGIS extension is not the application's: a target that has it already keeps its own.
/// </summary>
public static partial class DatabaseBackup
{
    public static async Task<BackupSummary> WriteAsync(string connectionString, string file, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        await using var connection = await OpenAsync(settings, ct);
        var pgDump = await PostgresTool.FindAsync("pg_dump", await ServerMajorAsync(connection, ct), ct);

        // The figures printed about the backup come from the very snapshot pg_dump copies, even while the application writes.
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshotId;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, snapshot))
            snapshotId = (string)(await export.ExecuteScalarAsync(ct))!;
        var contents = await DatabaseContents.ReadAsync(connection, snapshot, ct);

        var target = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Written beside the target and renamed at the end, so a failed backup never replaces a good one.
        var partial = target + ".partial";
        try
        {
            await pgDump.RunAsync(["--format=custom", $"--file={partial}", $"--snapshot={snapshotId}"], settings, ct);
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        await snapshot.CommitAsync(ct);
        return new BackupSummary(target, new FileInfo(target).Length, settings.Database!, pgDump, contents);
    }

    /// <summary>
    /// Restores an archive into the database of <paramref name="connectionString"/>, in one transaction.
    /// A database that holds tables already is refused unless <paramref name="replace"/>, which first drops
    /// the application's objects (never an extension's).
    /// </summary>
    public static async Task<RestoreSummary> RestoreAsync(string connectionString, string file, bool replace, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var archive = Path.GetFullPath(file);
        if (!File.Exists(archive)) throw new RestoreRefusedException($"The backup file {archive} does not exist.");
        await using var connection = await OpenAsync(settings, ct);
        var pgRestore = await PostgresTool.FindAsync("pg_restore", await ServerMajorAsync(connection, ct), ct);

        var existing = await DatabaseContents.TablesAsync(connection, null, ct);
        if (existing.Count > 0 && !replace)
            throw new RestoreRefusedException(
                $"The database \"{settings.Database}\" already holds {existing.Count} table(s) ({string.Join(", ", existing.Take(5))}{(existing.Count > 5 ? ", …" : "")}). " +
                "Restore into an empty database, or add --force to replace its contents.");

        // Reading the table of contents also proves the file is a pg_dump archive before anything is dropped.
        var contentsList = await pgRestore.RunAsync(["--list", archive], null, ct);
        var list = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(list, await WithoutTargetsExtensionsAsync(contentsList, connection, ct), ct);
            if (existing.Count > 0) await DropApplicationObjectsAsync(connection, SchemasOf(contentsList), ct);
            await pgRestore.RunAsync(
                ["--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", $"--use-list={list}", archive], settings, ct);
        }
        finally
        {
            File.Delete(list);
        }
        // A restored database has no planner statistics until autovacuum gets round to it; the dashboard's queries need them.
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 0 })
            await analyze.ExecuteNonQueryAsync(ct);
        return new RestoreSummary(archive, new FileInfo(archive).Length, settings.Database!, pgRestore, existing.Count > 0,
            await DatabaseContents.ReadAsync(connection, null, ct));
    }

    /// <summary>
    /// The archive's table of contents minus what the target has already from its extensions: the
    /// extension itself (a database made from a template with PostGIS has it, and only its owner may
    /// comment on it) and the rows of the extension's own tables (spatial_ref_sys).
    /// </summary>
    private static async Task<IEnumerable<string>> WithoutTargetsExtensionsAsync(string contentsList, NpgsqlConnection connection, CancellationToken ct)
    {
        var extensions = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT extname FROM pg_extension", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) extensions.Add(reader.GetString(0));
        var extensionTables = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT n.nspname || ' ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) extensionTables.Add(reader.GetString(0));

        return contentsList.Split('\n').Where(line =>
        {
            var entry = TocEntry().Match(line);
            if (!entry.Success) return true;
            var what = entry.Groups[1].Value;
            return !extensions.Any(e => what.StartsWith($"EXTENSION - {e} ", StringComparison.Ordinal) || what == $"EXTENSION - {e}"
                                        || what.StartsWith($"COMMENT - EXTENSION {e} ", StringComparison.Ordinal) || what == $"COMMENT - EXTENSION {e}")
                   && !extensionTables.Any(t => what.StartsWith($"TABLE DATA {t} ", StringComparison.Ordinal));
        });
    }

    /// <summary>The schemas the archive creates (e.g. hangfire); public is every database's own.</summary>
    private static List<string> SchemasOf(string contentsList) =>
        contentsList.Split('\n').Select(line => TocEntry().Match(line)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Split(' ')).Where(p => p is ["SCHEMA", "-", _, ..]).Select(p => p[2]).ToList();

    /// <summary>Drops the archive's schemas and everything in public that no extension owns, in one transaction.</summary>
    private static async Task DropApplicationObjectsAsync(NpgsqlConnection connection, List<string> schemas, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            DO $$
            DECLARE
                r record;
            BEGIN
                FOR r IN SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ANY(current_setting('approvals.restore_schemas')::text[])
                         AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
                END LOOP;
                FOR r IN SELECT c.relname, c.relkind FROM pg_class c
                         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm', 'r', 'p', 'f', 'S')
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
                         -- Views before their tables, tables before sequences (an identity column's sequence goes with its table).
                         ORDER BY CASE c.relkind WHEN 'v' THEN 0 WHEN 'm' THEN 1 WHEN 'S' THEN 3 ELSE 2 END
                LOOP
                    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
                        CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                        r.relname);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
                         WHERE p.pronamespace = 'public'::regnamespace
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE 'DROP ROUTINE IF EXISTS ' || r.signature || ' CASCADE';
                END LOOP;
                FOR r IN SELECT t.typname, t.typtype FROM pg_type t
                         WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r', 'c')
                           AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.typname);
                END LOOP;
            END $$;
            """, connection) { CommandTimeout = 0 };
        await using var transaction = await connection.BeginTransactionAsync(ct);
        command.Transaction = transaction;
        await using (var setting = new NpgsqlCommand("SELECT set_config('approvals.restore_schemas', $1, true)", connection, transaction))
        {
            setting.Parameters.Add(new NpgsqlParameter { Value = "{" + string.Join(",", schemas.Select(s => $"\"{s}\"")) + "}" });
            await setting.ExecuteNonQueryAsync(ct);
        }
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder settings, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task<int> ServerMajorAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int / 10000", connection);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A line of <c>pg_restore --list</c>: "id; table-oid oid DESCRIPTION SCHEMA NAME OWNER".</summary>
    [GeneratedRegex(@"^\d+; \d+ \d+ (.*)$")]
    private static partial Regex TocEntry();
}

/// <summary>What a database holds: its tables (outside extensions) and the rows of the main ones.</summary>
public sealed record DatabaseContents(IReadOnlyList<string> Tables, long Cases, long ReviewTasks, long AuditEntries, long Attachments)
{
    /// <summary>Tables of every schema but the system's, minus those an extension owns (spatial_ref_sys).</summary>
    public static async Task<IReadOnlyList<string>> TablesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT CASE n.nspname WHEN 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY n.nspname <> 'public', 1
            """, connection, transaction);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        return tables;
    }

    public static async Task<DatabaseContents> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        var tables = await TablesAsync(connection, transaction, ct);
        // A database not migrated yet has none of them: 0, rather than an error about a missing table.
        async Task<long> Count(string table)
        {
            if (!tables.Contains(table)) return 0;
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection, transaction) { CommandTimeout = 0 };
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
        return new DatabaseContents(tables, await Count("cases"), await Count("review_tasks"), await Count("audit_entries"), await Count("attachments"));
    }

    public override string ToString() =>
        $"{Tables.Count} tables; {Cases:N0} cases, {ReviewTasks:N0} review tasks, {AuditEntries:N0} audit entries, {Attachments:N0} attachments";
}

public sealed record BackupSummary(string File, long Bytes, string Database, PostgresTool Tool, DatabaseContents Contents);

public sealed record RestoreSummary(string File, long Bytes, string Database, PostgresTool Tool, bool Replaced, DatabaseContents Contents);

/// <summary>The restore would overwrite data or has nothing to restore; the message says what to do instead.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);
