using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Browser;

/// <summary>
/// Debian's chromium, headless, with the flags this machine needs (no sandbox as root, no background networking on
/// a closed network), opened on a local page with every console error, warning, page error and failed request
/// collected. Playwright's own browser download cannot work here; /usr/bin/chromium comes from apt-get.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => Problems.Add("request failed: " + request.Url);
    }

    public IPage Page { get; }

    public List<string> Problems { get; } = [];

    /// <summary>
    /// True when the browser is missing and the test should stop (after writing why); with CI=true a missing
    /// browser fails instead, because .ci/run installs it.
    /// </summary>
    public static bool SkipIfMissing(ITestOutputHelper output)
    {
        if (File.Exists(ExecutablePath))
        {
            return false;
        }

        const string hint = ExecutablePath + " is missing: apt-get update && apt-get install -y chromium";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI=true but " + hint);
        }

        output.WriteLine("SKIPPED: " + hint);
        return true;
    }

    /// <summary>Opens <paramref name="htmlFile"/> from file:// and waits until the page says it finished drawing.</summary>
    public static async Task<HeadlessChromium> OpenAsync(string htmlFile)
    {
        var profile = Path.Combine(Path.GetTempPath(), "brm-chromium-" + Guid.NewGuid().ToString("N"));
        var playwright = await Playwright.CreateAsync();
        // Playwright owns --user-data-dir: a persistent context on a new empty folder is how it is passed.
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var browser = new HeadlessChromium(playwright, context, page, profile);
        await page.GotoAsync(new Uri(htmlFile).AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.brmRendered === true", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; a leftover temp folder is harmless.
        }
    }
}
