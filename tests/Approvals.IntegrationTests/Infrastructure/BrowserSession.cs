using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// One browser context (its own cookies, zh-CN, a desktop viewport) in Debian's Chromium, driven by
/// Playwright. The browser process is shared by the whole test run; every session is isolated.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly SemaphoreSlim LaunchLock = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    private BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Browser console errors and failed requests seen so far: a page that loads must have none.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Where screenshots of a run are kept for a reviewer to look at (not committed).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "tests", "Approvals.IntegrationTests", "artifacts", "screenshots");

    public static async Task<BrowserSession> OpenAsync(Uri baseAddress, string? userName, string password)
    {
        var browser = await LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page);
        page.Console += (_, message) => { if (message.Type == "error") session.Problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => session.Problems.Add($"script error: {error}");
        page.RequestFailed += (_, request) => session.Problems.Add($"request failed: {request.Url} {request.Failure}");
        if (userName is not null) await session.SignInAsync(userName, password);
        return session;
    }

    /// <summary>Signs in through the sign-in page, as a person would.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        await Page.GotoAsync("/account/login");
        await Page.GetByLabel("用户名").FillAsync(userName);
        await Page.GetByLabel("密码").FillAsync(password);
        await Page.Locator("form button[type=submit]").Last.ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>Saves a full-page screenshot under tests/…/artifacts/screenshots and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private static async Task<IBrowser> LaunchAsync()
    {
        await LaunchLock.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                // Playwright cannot download its own browser here; the test command installs Debian's.
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _playwright?.Dispose();
            return _browser;
        }
        finally
        {
            LaunchLock.Release();
        }
    }

    private static string RepositoryRoot([CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Approvals.sln"))) return dir.FullName;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
    }
}
