using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Approvals.Infrastructure.BackgroundWork;

/// <summary>
/// Looks every <see cref="RulesBook.RefreshInterval"/> for a rules version another node published, so that pages and
/// handlers of this node (which read the version in force without asking the database) follow within that time.
/// </summary>
internal sealed class RulesRefresh(RulesBook book, IServiceScopeFactory scopes, ILogger<RulesRefresh> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RulesBook.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("rules-refresh");
                await book.RefreshAsync(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; meanwhile the node keeps the version it has.
                log.LogWarning(e, "Could not look for a newer rules version");
            }
        }
    }
}
