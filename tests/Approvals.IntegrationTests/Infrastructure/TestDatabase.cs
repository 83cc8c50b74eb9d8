using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, migrated PostgreSQL + PostGIS database of its own for one test class, copied from a
/// template migrated once per test run, and dropped afterwards. Never the demo database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;

    static TestDatabase()
    {
        // A developer's shell may point APPROVALS_DB at the demo database; tests must never use it.
        Environment.SetEnvironmentVariable("APPROVALS_DB", null);
    }

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("APPROVALS_TEST_DB")
        ?? throw new InvalidOperationException("APPROVALS_TEST_DB is not set: run the tests with ./test.sh, which starts PostgreSQL and sets it.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = $"approvals_t_{Guid.NewGuid():N}"[..28];
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new TestDatabase(name, ConnectionStringFor(name));
    }

    /// <summary>A database with nothing of the application's in it (PostGIS comes with the cluster's template1), e.g. to restore into.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var name = $"approvals_t_{Guid.NewGuid():N}"[..28];
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(name, ConnectionStringFor(name));
    }

    public ApprovalsDbContext CreateDbContext(Actor? actor = null)
    {
        var dataSource = new NpgsqlDataSourceBuilder(ConnectionString).UseNetTopologySuite().Build();
        var options = new DbContextOptionsBuilder<ApprovalsDbContext>();
        InfrastructureServices.ConfigureDbContext(options, dataSource);
        return new ApprovalsDbContext(options.Options, new ActorAccessor { Current = actor ?? Actor.System("test") }, TimeProvider.System);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // A backend the test role may not terminate (seen: 42501 during a full run, most likely an
        // autovacuum worker on the fresh copy) can hold the database for a moment: try again shortly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateName is not null) return _templateName;
            var name = $"approvals_template_{Environment.ProcessId}";
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
            // Unpooled: a template must have no open connections when it is copied.
            var template = new TestDatabase(name, new Npgsql.NpgsqlConnectionStringBuilder(ConnectionStringFor(name)) { Pooling = false }.ConnectionString);
            await using (var db = template.CreateDbContext())
                await db.Database.MigrateAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult(); }
                catch (NpgsqlException) { /* best effort at exit; the next run drops leftovers of its own pid only */ }
            };
            return _templateName = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
