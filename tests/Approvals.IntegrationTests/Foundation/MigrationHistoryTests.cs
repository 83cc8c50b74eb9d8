using System.Text.RegularExpressions;
using Approvals.Infrastructure.Database;
using Approvals.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>
/// Migrations are history: a database created today and one that was created long ago and upgraded step by step,
/// with cases in it, end with the same schema (tables, functions, views, triggers), compared as pg_dump prints it.
/// </summary>
public sealed partial class MigrationHistoryTests : IAsyncLifetime
{
    /// <summary>The last migration before the read models took one encoding of use types and one Beijing date.</summary>
    private const string BeforeReadModelsChange = "20261205180426_SpatialCheckOwners";

    private TestDatabase fresh = null!;
    private TestDatabase upgraded = null!;

    public async Task InitializeAsync()
    {
        fresh = await TestDatabase.CreateEmptyAsync();
        upgraded = await TestDatabase.CreateEmptyAsync();
    }

    public async Task DisposeAsync()
    {
        await fresh.DisposeAsync();
        await upgraded.DisposeAsync();
    }

    [Fact]
    public async Task A_database_upgraded_with_cases_in_it_ends_with_the_same_schema_as_one_migrated_from_nothing()
    {
        await MigrateAsync(fresh, target: null);

        // A year of history written by today's application (it reads columns later migrations add, so it cannot write
        // into the old schema), then the schema taken back before the read models changed with the cases kept, and
        // upgraded again: the migrations since then run over a database full of cases.
        await MigrateAsync(upgraded, target: null);
        var seeded = await CommandLine.RunAsync("seed-demo --cases 200 --seed 9", upgraded.ConnectionString);
        Assert.True(seeded.ExitCode == 0, seeded.Error + seeded.Output);
        await MigrateAsync(upgraded, BeforeReadModelsChange);
        Assert.Equal(200L, await upgraded.ScalarAsync<long>("SELECT count(*) FROM cases"));
        await MigrateAsync(upgraded, target: null);

        Assert.Equal(await SchemaAsync(fresh), await SchemaAsync(upgraded));
    }

    [Fact]
    public async Task A_database_upgraded_from_the_first_dashboard_migration_ends_with_the_same_schema_as_one_migrated_from_nothing()
    {
        // Each later dashboard migration runs its own frozen SQL over what DashboardFacts created.
        await MigrateAsync(fresh, target: null);
        await MigrateAsync(upgraded, "20261122204200_DashboardFacts");
        await MigrateAsync(upgraded, target: null);

        Assert.Equal(await SchemaAsync(fresh), await SchemaAsync(upgraded));
    }

    private static async Task MigrateAsync(TestDatabase database, string? target)
    {
        await using var db = database.CreateDbContext();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private static async Task<string> SchemaAsync(TestDatabase database)
    {
        var major = await database.ScalarAsync<int>("SELECT current_setting('server_version_num')::int / 10000");
        var pgDump = await PostgresTool.FindAsync("pg_dump", major, CancellationToken.None);
        // Hangfire's schema is Hangfire's: it installs it on first use, not through our migrations.
        var dump = await pgDump.RunAsync(["--schema-only", "--no-owner", "--no-privileges", "--exclude-schema=hangfire"],
            new NpgsqlConnectionStringBuilder(database.ConnectionString), CancellationToken.None);
        // pg_dump 15.14 and later fence the script with a random key (\restrict KEY / \unrestrict KEY).
        return ColumnsInAnyOrder(RestrictLine().Replace(dump, ""));
    }

    /// <summary>
    /// A table's columns sorted: a column dropped by a down migration and added again comes last, which is the same
    /// schema (nothing reads columns by position).
    /// </summary>
    private static string ColumnsInAnyOrder(string dump)
    {
        var lines = dump.Split('\n');
        var result = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            result.Add(lines[i]);
            if (!lines[i].StartsWith("CREATE TABLE ", StringComparison.Ordinal)) continue;
            var columns = new List<string>();
            while (i + 1 < lines.Length && !lines[i + 1].StartsWith(")", StringComparison.Ordinal)) columns.Add(lines[++i].TrimEnd(','));
            result.AddRange(columns.Order(StringComparer.Ordinal));
        }
        return string.Join('\n', result);
    }

    [GeneratedRegex(@"^\\(un)?restrict .*$", RegexOptions.Multiline)]
    private static partial Regex RestrictLine();
}
