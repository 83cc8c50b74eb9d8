using System.Diagnostics;
using System.Globalization;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Infrastructure;
using Approvals.Infrastructure.Database;
using Approvals.Web.Endpoints;
using Approvals.Web.Errors;
using Approvals.Web.Hosting;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;

var builder = WebApplication.CreateBuilder(args);
HostMode mode;
string connectionString;
Approvals.Application.Configuration.ApprovalsOptions options;
try
{
    options = Approvals.Application.Configuration.ApprovalsOptions.Read(builder.Configuration);
    mode = HostModes.From(builder.Configuration);
    connectionString = DatabaseConnection.Resolve(builder.Configuration);
    builder.Services.AddApprovalsInfrastructure(builder.Configuration);
    builder.Services.AddApprovalsRateLimits(builder.Configuration);
    builder.Services.AddApprovalsSessions(builder.Configuration);
}
catch (Exception e) when (e is DatabaseUnavailableException or InvalidOperationException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var services = builder.Services;
services.AddProblemDetails();
services.AddExceptionHandler<ProblemExceptionHandler>();
// Malformed JSON raises an exception (instead of a bare 400) so the handler can explain it.
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
services.AddLocalization();
// Razor would otherwise write every Chinese character as an HTML entity.
services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
services.AddRazorPages().AddViewLocalization().AddDataAnnotationsLocalization()
    .AddMvcOptions(o => o.Filters.Add<RefusalPageFilter>());
services.AddOpenApi();
services.AddHealthChecks().AddDbContextCheck<ApprovalsDbContext>("database", tags: ["ready"]);

services.AddAuthorization();

if (options.DataProtectionKeysPath is { } keysPath)
    services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keysPath));

services.AddApprovalsHangfire();
if (mode.RunsBackgroundWork())
    services.AddHangfireServer((provider, o) =>
    {
        o.WorkerCount = options.WorkerCount;
        // Jobs are built from this host's own container, not Hangfire's process-wide activator.
        o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
    });

var app = builder.Build();

try
{
    await DatabaseConnection.EnsureReachableAsync(connectionString);
}
catch (DatabaseUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// Definitions are validated and published at start-up, so a broken file stops the node here and
// not at the first submission (and no request pays for the first load).
try
{
    await using var startup = app.Services.CreateAsyncScope();
    startup.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("startup");
    await startup.ServiceProvider.GetRequiredService<Approvals.Application.Workflows.PublishedWorkflows>()
        .CatalogAsync(startup.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), CancellationToken.None);
    // The rules in force are the newest published version (the folder's files are published first when they are new).
    await startup.ServiceProvider.GetRequiredService<Approvals.Application.Rules.RulesBook>()
        .StartAsync(startup.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), publishFolder: true, CancellationToken.None);
}
catch (Exception e) when (e is Approvals.Workflows.WorkflowException or InvalidOperationException or InvalidDataException or Npgsql.PostgresException)
{
    Console.Error.WriteLine($"The workflow definitions or rules could not be published: {e.Message.ReplaceLineEndings(" ")} (has `approvals migrate` run?)");
    return 1;
}

if (mode.RunsBackgroundWork())
    Approvals.Infrastructure.BackgroundWork.RecurringWork.Register(app.Services.GetRequiredService<IRecurringJobManager>(), app.Services.GetRequiredService<IBackgroundJobClient>(), app.Configuration);

app.UseSecurityHeaders(app.Configuration);
app.UseErrorAnswers();
var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("zh-CN"),
    SupportedCultures = cultures,
    SupportedUICultures = cultures,
    // Chinese unless the person chose English (cookie or ?culture=en); the browser's language is not guessed.
    RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
});
app.UseCultureChosenByLink();
app.UseStaticFiles();
app.UseRouting();
app.UseCrossOriginRefusal();
app.UseAuthentication();
app.Use(async (http, next) =>
{
    http.RequestServices.GetRequiredService<ActorAccessor>().Current =
        ApprovalsClaims.ToActor(http.User, Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
    await next(http);
});
app.UsePasswordChangeRequired();
app.UseAuthorization();
app.UseRateLimiter();
app.UseControlCharacterRefusal();
app.UseAntiforgery();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

if (mode.ServesWeb())
{
    app.MapOpenApi();
    app.MapAccountEndpoints();
    app.MapAdministrationEndpoints();
    app.MapCaseEndpoints();
    app.MapTaskEndpoints();
    app.MapSpatialCheckEndpoints();
    app.MapSpatialExportEndpoints();
    app.MapAvoidanceEndpoints();
    app.MapPortalEndpoints();
    app.MapOrganisationEndpoints();
    app.MapDashboardEndpoints();
    app.MapTileEndpoints();
    app.MapDocumentEndpoints();
    app.MapCultureEndpoints();
    app.MapNotificationEndpoints();
    app.MapRecheckEndpoints();
    app.MapRulesEndpoints();
    app.MapRazorPages();
    app.MapHangfireDashboard("/hangfire", new DashboardOptions
    {
        Authorization = [new AdministratorsOnly()],
        DashboardTitle = "Approvals background work",
    });
}

app.Run();
return 0;

/// <summary>The Hangfire dashboard shows job arguments and can trigger jobs: administrators only.</summary>
internal sealed class AdministratorsOnly : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Administrator);
}

/// <summary>Lets the integration tests start this host.</summary>
public partial class Program;
