using System.Security.Cryptography;
using Approvals.Application.Attachments;
using Approvals.Application.Identity;
using Approvals.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>`approvals backup` and `approvals restore`, run as an operator would, between two databases of the test cluster.</summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private TestDatabase source = null!;
    private TestDatabase target = null!;
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"approvals-backup-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        source = await TestDatabase.CreateAsync();
        target = await TestDatabase.CreateEmptyAsync();
    }

    public async Task DisposeAsync()
    {
        await source.DisposeAsync();
        await target.DisposeAsync();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_restored_into_a_new_database_holds_the_same_rows_attachments_and_an_intact_audit_chain()
    {
        var seeded = await CommandLine.RunAsync("seed-demo --cases 150 --seed 5", source.ConnectionString);
        Assert.True(seeded.ExitCode == 0, seeded.Error + seeded.Output);
        var document = RandomNumberGenerator.GetBytes(200_000);
        await AttachToFirstCaseAsync(document);
        var serverMajor = await source.ScalarAsync<int>("SELECT current_setting('server_version_num')::int / 10000");

        var file = Path.Combine(folder, "approvals.dump");
        var backup = await CommandLine.RunAsync($"backup --to \"{file}\"", source.ConnectionString);
        Assert.True(backup.ExitCode == 0, backup.Error + backup.Output);
        Assert.True(File.Exists(file));
        Assert.Contains("150 cases", backup.Output);
        // The client programs of the server's own version, from Debian's versioned folder when it is there (test.sh installs it).
        Assert.Contains($"(PostgreSQL {serverMajor}.", backup.Output);
        var debianPgDump = $"/usr/lib/postgresql/{serverMajor}/bin/pg_dump";
        if (File.Exists(debianPgDump)) Assert.Contains(debianPgDump, backup.Output);

        var restore = await CommandLine.RunAsync($"restore --from \"{file}\"", target.ConnectionString);
        Assert.True(restore.ExitCode == 0, restore.Error + restore.Output);
        Assert.Contains("150 cases", restore.Output);
        Assert.Contains($"(PostgreSQL {serverMajor}.", restore.Output);

        var verified = await CommandLine.RunAsync("audit verify", target.ConnectionString);
        Assert.True(verified.ExitCode == 0, verified.Error + verified.Output);
        Assert.Contains("The audit chain is intact", verified.Output);
        var sourceRows = await RowCountsAsync(source);
        Assert.Contains("cases", sourceRows.Keys);
        Assert.Contains("hangfire.job", sourceRows.Keys);
        Assert.Equal(sourceRows, await RowCountsAsync(target));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)),
            await target.ScalarAsync<string>("SELECT encode(sha256(content), 'hex') FROM attachment_contents"));

        // A database with data in it is not overwritten by accident; --force replaces it.
        var refused = await CommandLine.RunAsync($"restore --from \"{file}\"", target.ConnectionString);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Error);
        await target.ExecuteAsync("DELETE FROM attachment_contents");
        var replaced = await CommandLine.RunAsync($"restore --from \"{file}\" --force", target.ConnectionString);
        Assert.True(replaced.ExitCode == 0, replaced.Error + replaced.Output);
        Assert.Equal(sourceRows, await RowCountsAsync(target));
    }

    private async Task AttachToFirstCaseAsync(byte[] content)
    {
        await using var db = source.CreateDbContext(Actor.System("test"));
        var @case = await db.Set<Approvals.Application.Cases.Case>().OrderBy(c => c.SubmittedAt).FirstAsync();
        var id = Guid.NewGuid();
        db.Add(new Attachment
        {
            Id = id, OrganisationId = @case.OrganisationId, CaseId = @case.Id, FileName = "用地预审申请表.pdf", ContentType = "application/pdf",
            Size = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedAt = DateTimeOffset.UtcNow, UploadedByName = "test",
        });
        db.Add(new AttachmentContent { AttachmentId = id, Content = content });
        await db.SaveChangesAsync();
    }

    /// <summary>Rows of every table of the application and of Hangfire (not the extension's spatial_ref_sys).</summary>
    private static async Task<SortedDictionary<string, long>> RowCountsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT CASE n.nspname WHEN 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname IN ('public', 'hangfire') AND c.relname <> 'spatial_ref_sys'
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var counts = new SortedDictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        return counts;
    }
}
