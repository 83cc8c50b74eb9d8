using Approvals.Application;
using Approvals.Application.Configuration;
using Approvals.Application.Auditing;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Notifications;
using Approvals.Application.Workflows;
using Approvals.Infrastructure.BackgroundWork;
using Approvals.Infrastructure.Database;
using Approvals.Spatial.Boundaries;
using Approvals.Infrastructure.Identity;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Approvals.Infrastructure;

public static class InfrastructureServices
{
    public const string MigrationsAssembly = "Approvals.Migrations";
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Everything a host needs: the use cases, the database (Npgsql + PostGIS), identity stores,
    /// Hangfire's storage (its own schema) and the clock. Hosts decide whether to run a Hangfire server.
    /// </summary>
    public static IServiceCollection AddApprovalsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = DatabaseConnection.Resolve(configuration);
        services.AddApprovalsApplication();
        services.AddSingleton(TimeProvider.System);
        // Every Approvals:* setting is checked here, before anything is built: a bad one stops the host naming it.
        var options = ApprovalsOptions.Read(configuration);
        services.AddSingleton(options);
        services.AddSingleton(AuditCheckpointFile.From(configuration));
        // The folder's rules are read (and checked) here, so a bad file stops the host; the database's newest published
        // version replaces them when the host starts (RulesBook.StartAsync). Handlers get the version in force per scope.
        var folderRules = ProvinceRules.Load(options.WorkflowsPath);
        services.AddSingleton(provider => new RulesBook(folderRules, provider.GetRequiredService<TimeProvider>()));
        services.AddScoped(provider => provider.GetRequiredService<RulesBook>().Current);
        services.AddHostedService<RulesRefresh>();

        // One data source per process: it owns the connection pool and the PostGIS type mapping.
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString).UseNetTopologySuite();
        // PostGIS functions carry high cost estimates, so PostgreSQL's JIT compiler kicks in for short
        // spatial queries and spends tens of milliseconds compiling what runs in a few: keep it off
        // for every connection of the application (measured: 75 ms of JIT around a 9 ms overlay).
        dataSourceBuilder.ConnectionStringBuilder.Options = $"{dataSourceBuilder.ConnectionStringBuilder.Options} -c jit=off".Trim();
        // Statements the application runs again and again (each workflow step runs a dozen or more) are prepared on
        // their second use, so PostgreSQL stops parsing and planning them each time: measured about 20% less
        // database CPU per case in `bench workflow`. A connection string that sets its own value keeps it.
        if (dataSourceBuilder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            dataSourceBuilder.ConnectionStringBuilder.MaxAutoPrepare = 100;
            dataSourceBuilder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        var dataSource = dataSourceBuilder.Build();
        services.AddSingleton(dataSource);
        services.AddDbContext<ApprovalsDbContext>(options => ConfigureDbContext(options, dataSource));

        // Identity's token providers need data protection; hosts that share keys configure where they live.
        services.AddDataProtection().SetApplicationName("Approvals");
        services.AddIdentityCore<ApprovalsUser>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                // No lockout per account: anyone who knows a user name could lock its owner out. Guessing is slowed
                // per client address and per (address, user name) by the web host instead (Approvals.Web/Account).
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ApprovalsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ApprovalsClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();

        // The one reader every upload goes through, with the configured limits (Approvals:Limits).
        services.AddSingleton(new BoundaryReader(options.BoundaryLimits));
        // The client address that security events in the audit trail record (case reads by staff).
        services.AddHttpContextAccessor();
        services.AddSingleton<Application.Auditing.IRequestOrigin, HttpRequestOrigin>();
        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        if (options.Smtp is { } smtp) services.AddSingleton<IEmailSender>(new SmtpEmailSender(smtp));
        else services.AddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddTransient<RecurringWork>();

        // The storage is built here and handed to Hangfire, rather than left in Hangfire's process-wide
        // JobStorage.Current, so that each host (and each test host in one process) uses its own database.
        var hangfireOptions = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            PrepareSchemaIfNecessary = true,
            // Work queued by a request should start within a second, not the default 15 s.
            QueuePollInterval = TimeSpan.FromMilliseconds(500),
            // A job whose worker died is picked up again after this; our jobs are short and idempotent.
            InvisibilityTimeout = options.JobInvisibilityTimeout,
        };
        // Built on first use: the storage installs its schema when constructed, and a command that never touches
        // jobs (`approvals restore` into an empty database) must leave the database as it found it.
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, hangfireOptions), hangfireOptions));
        // Enqueueing needs only the storage; Hangfire's global configuration (its logging, activator and
        // serializer settings) is left to the host that runs the server (see ConfigureHangfireServer).
        services.AddSingleton<IBackgroundJobClient>(provider => new BackgroundJobClient(provider.GetRequiredService<JobStorage>()));
        services.AddSingleton<IRecurringJobManager>(provider => new RecurringJobManager(provider.GetRequiredService<JobStorage>()));
        return services;
    }

    /// <summary>Hangfire's process-wide settings, for the host that runs the Hangfire server and dashboard.</summary>
    public static IServiceCollection AddApprovalsHangfire(this IServiceCollection services) =>
        services.AddHangfire((provider, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));

    public static void ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql
                .UseNetTopologySuite()
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
