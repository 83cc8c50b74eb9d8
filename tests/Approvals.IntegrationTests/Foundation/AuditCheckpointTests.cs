using Approvals.Application.Auditing;
using Approvals.Application.Identity;
using Approvals.Infrastructure;
using Approvals.Infrastructure.BackgroundWork;
using Approvals.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>
/// Checkpoints of the audit chain's head, kept outside the database, catch what the hash chain alone
/// cannot: entries deleted from its end. Checkpoints are written and checked with the `approvals`
/// command, as an operator would; the recurring job is run as Hangfire would run it.
/// </summary>
public sealed class AuditCheckpointTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private readonly string checkpointFile = Path.Combine(Path.GetTempPath(), $"audit-checkpoints-{Guid.NewGuid():N}", "checkpoints.jsonl");

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        if (Directory.Exists(Path.GetDirectoryName(checkpointFile))) Directory.Delete(Path.GetDirectoryName(checkpointFile)!, recursive: true);
    }

    [Fact]
    public async Task Deleting_the_newest_entries_after_a_checkpoint_fails_verification_naming_the_checkpoint()
    {
        await AddOrganisationsAsync(12);
        var written = await RunApprovals("audit checkpoint");
        Assert.True(written.ExitCode == 0, written.Error);
        var entries = await database.ScalarAsync<long>("SELECT count(*) FROM audit_entries");
        Assert.Equal(0, (await RunApprovals("audit verify")).ExitCode);

        // A superuser (or the table's owner) switches the guard off and removes the newest three entries: what is
        // left still links up from the first entry, so the hash chain on its own has nothing to complain about.
        await database.ExecuteAsync($"""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            DELETE FROM audit_entries WHERE sequence > {entries - 3};
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
            """);

        var verified = await RunApprovals("audit verify");
        Assert.Equal(1, verified.ExitCode);
        Assert.Contains($"does not match the checkpoint on line 1 of {checkpointFile}", verified.Error);
        Assert.Contains($"{entries} entries, head {entries} ", verified.Error);
        Assert.Contains($"the chain ends at entry {entries - 3}: entries {entries - 2} to {entries} (at least) were deleted", verified.Error);
    }

    [Fact]
    public async Task A_tail_deleted_and_written_again_no_longer_has_the_checkpointed_hash()
    {
        await AddOrganisationsAsync(10);
        Assert.Equal(0, (await RunApprovals("audit checkpoint")).ExitCode);
        var entries = await database.ScalarAsync<long>("SELECT count(*) FROM audit_entries");

        // The tail is removed and new, correctly chained entries take its place, so the chain is as long as before.
        await database.ExecuteAsync($"""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            DELETE FROM audit_entries WHERE sequence > {entries - 2};
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
            """);
        await AddOrganisationsAsync(5);

        var verified = await RunApprovals("audit verify");
        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("does not match the checkpoint on line 1", verified.Error);
        Assert.Contains($"entry {entries} now has the hash", verified.Error);
    }

    [Fact]
    public async Task An_untouched_chain_matches_every_checkpoint_as_it_grows_past_them()
    {
        await AddOrganisationsAsync(3);
        Assert.Equal(0, (await RunApprovals("audit checkpoint")).ExitCode);
        await AddOrganisationsAsync(4);
        Assert.Equal(0, (await RunApprovals("audit checkpoint")).ExitCode);
        await AddOrganisationsAsync(2);

        var verified = await RunApprovals("audit verify");
        Assert.True(verified.ExitCode == 0, verified.Error);
        Assert.Contains("The audit chain is intact (9 entries) and matches the 2 checkpoint(s)", verified.Output);
        Assert.Contains("latest: 7 entries, head 7 ", verified.Output);
    }

    [Fact]
    public async Task The_recurring_job_writes_a_checkpoint_to_the_file_and_the_log_only_when_the_head_moved()
    {
        var log = new CapturedLog();
        await using var services = Services(log);
        var job = new RecurringWork(services.GetRequiredService<IServiceScopeFactory>());

        await job.CheckpointAuditChainAsync(CancellationToken.None);
        Assert.False(File.Exists(checkpointFile), "an empty chain has nothing to anchor");

        await AddOrganisationsAsync(2);
        await job.CheckpointAuditChainAsync(CancellationToken.None);
        await job.CheckpointAuditChainAsync(CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(checkpointFile);
        var line = Assert.Single(lines);
        Assert.Contains($"\"database\":\"{database.Name}\",\"entries\":2,\"sequence\":2,", line);
        var logged = Assert.Single(log.Messages, m => m.StartsWith("Audit checkpoint:", StringComparison.Ordinal));
        Assert.Contains($"database {database.Name}, 2 entries, head 2 ", logged);

        await AddOrganisationsAsync(1);
        await job.CheckpointAuditChainAsync(CancellationToken.None);
        Assert.Equal(2, (await File.ReadAllLinesAsync(checkpointFile)).Length);
        Assert.Equal(2, log.Messages.Count(m => m.StartsWith("Audit checkpoint:", StringComparison.Ordinal)));
    }

    private Task<(int ExitCode, string Output, string Error)> RunApprovals(string arguments) =>
        CommandLine.RunAsync(arguments, database.ConnectionString, new Dictionary<string, string> { ["Approvals__Audit__CheckpointPath"] = checkpointFile });

    /// <summary>Audited changes: one entry per organisation.</summary>
    private async Task AddOrganisationsAsync(int count)
    {
        await using var db = database.CreateDbContext(Actor.System("test"));
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            db.Organisations.Add(new Organisation { Id = id, Name = $"审计测试单位 {id:N}", CreditCode = id.ToString("N")[..18].ToUpperInvariant(), CreatedAt = DateTimeOffset.UtcNow });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The services a worker node runs the job with, on this test's database and checkpoint file.</summary>
    private ServiceProvider Services(CapturedLog log)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Approvals"] = database.ConnectionString,
            [AuditCheckpointFile.PathKey] = checkpointFile,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(log));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApprovalsInfrastructure(configuration);
        return services.BuildServiceProvider();
    }

    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        private readonly List<string> messages = [];

        public IReadOnlyList<string> Messages
        {
            get { lock (messages) return messages.ToList(); }
        }

        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lock (messages) messages.Add(formatter(state, exception));
        }

        public void Dispose() { }
    }
}
