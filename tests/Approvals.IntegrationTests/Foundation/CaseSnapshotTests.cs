using System.Data.Common;
using Approvals.Application.Auditing;
using Approvals.Application.Cases;
using Approvals.Application.Cases.GetCase;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Infrastructure;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Approvals.IntegrationTests.Foundation;

/// <summary>
/// A case read while the workflow changes it is one moment of the case: its row, tasks and timeline never mix the
/// state before a transaction with the state after it (routing sets the departments and opens their reviews at once).
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CaseSnapshotTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    [Fact]
    public async Task A_case_read_while_it_is_being_routed_shows_it_either_before_or_after_the_routing_never_half_of_each()
    {
        var (caseId, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"));
        // Routing commits in the middle of the read: after the case row was read, before its tasks and timeline are.
        var routing = new CommitBetweenReads(app.Database.ConnectionString, $"""
            UPDATE cases SET deciding_level = 'County', required_departments = ARRAY['Land','Forest'] WHERE id = '{caseId}';
            INSERT INTO case_events (case_id, at, actor, kind, summary, summary_en, visible_to_applicant)
            VALUES ('{caseId}', now(), '系统', 'routed', '审查部门：用地、林业', 'Reviewing departments: land, forest', true);
            """);

        var during = await ReadCaseAsync(caseId, routing);
        Assert.True(routing.Committed, "the concurrent routing did not run during the read");
        Assert.Null(during.DecidingLevel);
        Assert.Empty(during.RequiredDepartments);
        Assert.DoesNotContain(during.Timeline, e => e.Kind == "routed");

        // The next read sees the routing whole.
        var after = await ReadCaseAsync(caseId, null);
        Assert.Equal("County", after.DecidingLevel);
        Assert.Contains(after.Timeline, e => e.Kind == "routed");
    }

    /// <summary>The case as <c>GET /api/cases/{id}</c> reads it, through a context that lets another transaction commit between statements.</summary>
    private async Task<CaseView> ReadCaseAsync(Guid caseId, IInterceptor? between)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var actor = new ActorAccessor { Current = Actor.System("snapshot-test") };
        await using var dataSource = new NpgsqlDataSourceBuilder(app.Database.ConnectionString).UseNetTopologySuite().Build();
        var options = new DbContextOptionsBuilder<ApprovalsDbContext>();
        InfrastructureServices.ConfigureDbContext(options, dataSource);
        if (between is not null) options.AddInterceptors(between);
        await using var db = new ApprovalsDbContext(options.Options, actor, TimeProvider.System);
        var handler = new GetCaseHandler(db, actor, services.GetRequiredService<ProvinceRules>(), TimeProvider.System,
            new CaseReadAudit(db, actor, services.GetRequiredService<IRequestOrigin>()),
            services.GetRequiredService<Approvals.Application.Configuration.ApprovalsOptions>());
        return await handler.Handle(new GetCaseQuery(caseId), CancellationToken.None);
    }

    /// <summary>Commits <paramref name="sql"/> on a connection of its own just before the case's tasks are read.</summary>
    private sealed class CommitBetweenReads(string connectionString, string sql) : DbCommandInterceptor
    {
        public bool Committed { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!Committed && command.CommandText.Contains("FROM review_tasks", StringComparison.Ordinal))
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var write = new NpgsqlCommand(sql, connection, transaction))
                    await write.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                Committed = true;
            }
            return result;
        }
    }
}
