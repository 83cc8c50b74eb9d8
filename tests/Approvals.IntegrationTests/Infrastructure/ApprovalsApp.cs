using System.Net;
using System.Net.Http.Json;
using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Identity;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// The real web host on a database of its own, with the demo logins seeded. One per test class
/// (xunit class fixture); tests create whatever else they need.
/// </summary>
public sealed class ApprovalsApp : IAsyncLifetime
{
    public const string Password = "Test2026pass";
    private WebApplicationFactory<Program>? _factory;

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>The mail server the host sends notification e-mails to (a real SMTP listener on loopback).</summary>
    public SmtpListener Mail { get; private set; } = null!;

    /// <summary>Where the host listens (loopback, a free port).</summary>
    public Uri BaseAddress { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Mail = new SmtpListener();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Approvals", Database.ConnectionString);
            web.UseSetting("Approvals:Mode", "all");
            // The host's audit checkpoint job writes beside the test run, not into the user's data folder.
            web.UseSetting(Approvals.Application.Auditing.AuditCheckpointFile.PathKey, Path.Combine(Path.GetTempPath(), $"{Database.Name}-audit-checkpoints.jsonl"));
            web.UseEnvironment("Testing");
            // Notification e-mails go to the test's own SMTP listener; a failed one is retried after a second, not a minute.
            web.UseSetting("Approvals:Smtp:Host", "127.0.0.1");
            web.UseSetting("Approvals:Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Approvals:Smtp:Security", "None");
            web.UseSetting("Approvals:Smtp:From", "预审系统 <noreply@approvals.test>");
            web.UseSetting("Approvals:Smtp:RetryDelay", "00:00:01");
            web.UseSetting("Approvals:PublicUrl", "http://approvals.test");
            // A free port of its own: Kestrel's default (5000) collides with any other host on the machine.
            web.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        });
        // A real socket, so that browser tests (Playwright) can reach the host as well as HttpClient.
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = new Uri(Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test-seed");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoDataCommand(Password));
    }

    public HttpClient Anonymous() => Client(BaseAddress);

    /// <summary>
    /// A client over the real socket, with its own cookies and without following redirects (tests look at them);
    /// <paramref name="fromAddress"/> (another loopback address such as 127.0.0.2) makes it a different client
    /// machine for the host (its remote IP), as the rate limits and the sign-in backoff see it.
    /// </summary>
    public static HttpClient Client(Uri baseAddress, string? fromAddress = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() };
        if (fromAddress is not null)
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(fromAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>An anonymous client connecting from another loopback address (a different client machine for the host).</summary>
    public HttpClient AnonymousFrom(string fromAddress) => Client(BaseAddress, fromAddress);

    /// <summary>A fresh browser session (its own cookies) on this host, signed in as a demo login unless null.</summary>
    public async Task<BrowserSession> BrowserAs(string? userName) =>
        await BrowserSession.OpenAsync(BaseAddress, userName, Password);

    /// <summary>A client signed in through the API as one of the demo logins.</summary>
    public async Task<HttpClient> SignedInAs(string userName)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = Password });
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        File.Delete(Path.Combine(Path.GetTempPath(), $"{Database.Name}-audit-checkpoints.jsonl"));
        await Database.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
