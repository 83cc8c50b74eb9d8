using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Approvals.Migrations;

/// <summary>Lets `dotnet ef migrations add` build the model without starting a host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ApprovalsDbContext>
{
    public ApprovalsDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("APPROVALS_DB")
            ?? "Host=127.0.0.1;Port=5433;Database=approvals;Username=approvals;Password=approvals";
        var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseNetTopologySuite().Build();
        var options = new DbContextOptionsBuilder<ApprovalsDbContext>();
        InfrastructureServices.ConfigureDbContext(options, dataSource);
        return new ApprovalsDbContext(options.Options, new ActorAccessor(), TimeProvider.System);
    }
}
