using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;
using BatchRuntimeMonitor.Tests.Dashboards.Support;
using BatchRuntimeMonitor.Tests.Support;
using BatchRuntimeMonitor.Tests.Browser;
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
    private readonly ITestOutputHelper _output;
    private readonly SampleReplay _replay = new(withSimulatedAwsMetrics: true);

    public BrowserTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _replay.Dispose();

    [Fact]
    public Task Fixture_dashboards_draw_every_widget_with_local_data() =>
        RenderAndCheck(Fixtures.DashboardsDirectory, "fixtures");

    [Fact]
    public Task Real_dashboards_draw_every_widget_with_local_data() =>
        Fixtures.HasRealDashboards ? RenderAndCheck(Fixtures.RealDashboardsDirectory, "real") : Skip("dashboards/*.json does not exist yet");

    private async Task RenderAndCheck(string dashboardsDirectory, string screenshotPrefix)
    {
        if (HeadlessChromium.SkipIfMissing(_output))
        {
            return;
        }

        var page = Path.Combine(_replay.Directory, "dashboards.html");
        DashboardPage.Render(new DashboardRenderOptions { DashboardsDirectory = dashboardsDirectory, ReplayDirectory = _replay.Directory, OutputPath = page });
        var model = DashboardPageTests.ReadEmbeddedModel(page);

        await using var browser = await HeadlessChromium.OpenAsync(page);
        var tab = browser.Page;

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

        // A long failure reason is cut, its whole text in the cell's tooltip, so every table keeps its columns in view.
        var sideways = await tab.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.widget-body')].filter(b => b.querySelector('table') && b.scrollWidth > b.clientWidth + 1)" +
            ".map(b => b.closest('.widget').querySelector('.widget-title').textContent)");
        sideways.Should().BeEmpty("no table may need sideways scrolling to show its columns");
        var longCells = await tab.EvaluateAsync<string[]>("(reason) => [...document.querySelectorAll('td')].filter(td => td.textContent === reason).map(td => td.title)", SampleReplay.LongReason);
        longCells.Should().NotBeEmpty("a table shows the sample's long failure reason").And.OnlyContain(title => title == SampleReplay.LongReason);

        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(screenshots);
        foreach (var dashboard in model.Dashboards)
        {
            var file = Path.Combine(screenshots, $"{screenshotPrefix}-{dashboard.Name}.png");
            await tab.Locator($"section[data-dashboard='{dashboard.Name}']").ScreenshotAsync(new LocatorScreenshotOptions { Path = file });
            _output.WriteLine("screenshot: " + file);
        }

        browser.Problems.Should().BeEmpty("the page must load and draw without console errors");
    }

    private Task Skip(string reason)
    {
        _output.WriteLine("Skipped: " + reason);
        return Task.CompletedTask;
    }
}
