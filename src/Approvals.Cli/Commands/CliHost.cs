using Approvals.Application.Identity;
using Approvals.Infrastructure;
using Approvals.Infrastructure.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approvals.Cli.Commands;

/// <summary>
/// Builds the same services the web host uses and runs one piece of work in a scope whose actor is
/// the command line. Operator-facing failures (no database, …) print one line and exit non-zero.
/// </summary>
internal static class CliHost
{
    public static async Task<int> RunAsync(string actorName, Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct,
        Action<IServiceCollection>? configure = null)
    {
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .Build();
            var services = new ServiceCollection();
            services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                // Failed commands surface as exceptions below; EF's own log of them would say it twice.
                .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None));
            services.AddSingleton<IConfiguration>(configuration);
            services.AddApprovalsInfrastructure(configuration);
            configure?.Invoke(services);
            await using var provider = services.BuildServiceProvider();
            await DatabaseConnection.EnsureReachableAsync(DatabaseConnection.Resolve(configuration), ct);
            await using var scope = provider.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System($"cli:{actorName}");
            // The rules version in force, as a web node has it; the command line publishes nothing itself.
            await scope.ServiceProvider.GetRequiredService<Application.Rules.RulesBook>()
                .StartAsync(scope.ServiceProvider.GetRequiredService<Application.Persistence.ApprovalsDbContext>(), publishFolder: false, ct);
            return await work(scope.ServiceProvider, ct);
        }
        catch (DatabaseUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return 3;
        }
        catch (Application.Configuration.InvalidSettingException e)
        {
            // Named setting, what it takes: one line, like the web host.
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("APPROVALS_VERBOSE") is null)
        {
            // Operators get one line; APPROVALS_VERBOSE=1 shows the whole exception for a bug report.
            Console.Error.WriteLine($"approvals {actorName} failed: {e.GetBaseException().Message} (set APPROVALS_VERBOSE=1 for details)");
            return 1;
        }
    }
}
