using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;
using BatchRuntimeMonitor.Tests.Dashboards.Support;
using BatchRuntimeMonitor.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Dashboards;

/// <summary>
/// Opens the rendered page from file:// in Debian's headless Chromium through Playwright and checks that every
/// widget with local data drew its data, that the console stayed clean, and saves a screenshot per dashboard.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserTests : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly ITestOutputHelper _output;
    private readonly SampleReplay _replay = new(withSimulatedAwsMetrics: true);
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "brm-chromium-" + Guid.NewGuid().ToString("N"));

    public BrowserTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        _replay.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; a leftover temp folder is harmless.
        }
    }

    [Fact]
    public Task Fixture_dashboards_draw_every_widget_with_local_data() =>
        RenderAndCheck(Fixtures.DashboardsDirectory, "fixtures");

    [Fact]
    public Task Real_dashboards_draw_every_widget_with_local_data() =>
        Fixtures.HasRealDashboards ? RenderAndCheck(Fixtures.RealDashboardsDirectory, "real") : Skip("dashboards/*.json does not exist yet");

    private async Task RenderAndCheck(string dashboardsDirectory, string screenshotPrefix)
    {
        if (!File.Exists(ChromiumPath))
        {
            const string hint = "/usr/bin/chromium is missing: apt-get update && apt-get install -y chromium";
            if (MotoServer.IsCi)
            {
                throw new InvalidOperationException("CI=true but " + hint);
            }

            await Skip(hint);
            return;
        }

        var page = Path.Combine(_replay.Directory, "dashboards.html");
        DashboardPage.Render(new DashboardRenderOptions { DashboardsDirectory = dashboardsDirectory, ReplayDirectory = _replay.Directory, OutputPath = page });
        var model = DashboardPageTests.ReadEmbeddedModel(page);

        using var playwright = await Playwright.CreateAsync();
        // Playwright owns --user-data-dir: a persistent context on a new empty folder is how it is passed.
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        var tab = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var problems = new List<string>();
        tab.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        tab.PageError += (_, error) => problems.Add("page error: " + error);

        await tab.GotoAsync(new Uri(page).AbsoluteUri);
        await tab.WaitForFunctionAsync("() => window.brmRendered === true", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        var drawn = JsonDocument.Parse(await tab.EvaluateAsync<string>(
            "() => JSON.stringify(Object.fromEntries(Object.entries(window.brmCharts).map(([id, c]) => [id, { kind: c.kind, datasets: c.datasets, points: c.points, " +
            "blank: c.chart ? !c.chart.canvas.getContext('2d').getImageData(0, 0, c.chart.canvas.width, c.chart.canvas.height).data.some((v, i) => i % 4 === 3 && v > 0) : false }])))"));
        var withData = model.Dashboards.SelectMany(d => d.Widgets).Where(w => w.Status == WidgetStatus.Data).ToList();
        withData.Should().NotBeEmpty();
        foreach (var widget in withData)
        {
            drawn.RootElement.TryGetProperty(widget.Id, out var chart).Should().BeTrue($"widget '{widget.Title}' has local data and must be drawn");
            chart.GetProperty("points").GetInt32().Should().BePositive($"widget '{widget.Title}' must show its data");
            chart.GetProperty("blank").GetBoolean().Should().BeFalse($"widget '{widget.Title}' canvas must have pixels");
        }

        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(screenshots);
        foreach (var dashboard in model.Dashboards)
        {
            var file = Path.Combine(screenshots, $"{screenshotPrefix}-{dashboard.Name}.png");
            await tab.Locator($"section[data-dashboard='{dashboard.Name}']").ScreenshotAsync(new LocatorScreenshotOptions { Path = file });
            _output.WriteLine("screenshot: " + file);
        }

        problems.Should().BeEmpty("the page must load and draw without console errors");
    }

    private Task Skip(string reason)
    {
        _output.WriteLine("Skipped: " + reason);
        return Task.CompletedTask;
    }
}
