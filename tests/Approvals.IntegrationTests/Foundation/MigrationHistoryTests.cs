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

        await MigrateAsync(upgraded, BeforeReadModelsChange);
        // A year of history written by the application as it was then (seed-demo does not migrate).
        var seeded = await CommandLine.RunAsync("seed-demo --cases 200 --seed 9", upgraded.ConnectionString);
        Assert.True(seeded.ExitCode == 0, seeded.Error + seeded.Output);
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
        return RestrictLine().Replace(dump, "");
    }

    [GeneratedRegex(@"^\\(un)?restrict .*$", RegexOptions.Multiline)]
    private static partial Regex RestrictLine();
}
