using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// Another web node on the database of an <see cref="ApprovalsApp"/>, with settings of its own (low rate limits,
/// a short sign-in backoff), so a test can reach a limit without touching the shared host's. It serves HTTP only
/// (Approvals:Mode web): no second Hangfire server runs the first host's jobs.
/// </summary>
public sealed class SecondHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private SecondHost(WebApplicationFactory<Program> factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <param name="services">Replaces services of this host (e.g. its clock), after the host's own registrations.</param>
    public static SecondHost Start(ApprovalsApp app, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Approvals", app.Database.ConnectionString);
            web.UseSetting("Approvals:Mode", "web");
            web.UseEnvironment("Testing");
            web.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            // Hangfire keeps its configuration (its log provider among it) in process-wide statics, which the
            // dashboard's registration would point at this host's services, disposed with it while the shared host
            // goes on enqueueing through them. This host leaves the statics as the shared host set them.
            web.ConfigureTestServices(s =>
            {
                s.AddSingleton<Hangfire.IGlobalConfiguration>(Hangfire.GlobalConfiguration.Configuration);
                services?.Invoke(s);
            });
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        return new SecondHost(factory, new Uri(address));
    }

    /// <summary>An anonymous client, from 127.0.0.1 or from another loopback address (another client machine).</summary>
    public HttpClient Anonymous(string? fromAddress = null) => ApprovalsApp.Client(BaseAddress, fromAddress);

    public async Task<HttpClient> SignedInAs(string userName, string password = ApprovalsApp.Password, string? fromAddress = null)
    {
        var client = Anonymous(fromAddress);
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
