using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Support;
using BatchRuntimeMonitor.Tests.Browser;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// Opens the page `brm demo` wrote from file:// in Debian's headless Chromium (the launch of
/// tests/Dashboards.Tests/BrowserTests): every widget with local data drew a chart with data, the console stayed
/// clean, and a screenshot per dashboard section goes to TestResults/demo-screenshots in the test output.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
[Collection(DemoCollection.Name)]
public sealed class DemoBrowserTests(DemoFixture demo, ITestOutputHelper output)
{



    [Fact]
    public async Task The_demo_page_draws_every_widget_with_local_data_without_console_errors()
    {
        if (HeadlessChromium.SkipIfMissing(output))
        {
            return;
        }

        demo.Demo.ExitCode.Should().Be(0, demo.Demo.ToString());
        var page = Path.Combine(demo.OutDirectory, "dashboards.html");
        var model = PageData.Read(page);

        await using var browser = await HeadlessChromium.OpenAsync(page);
        var tab = browser.Page;

        var drawn = JsonDocument.Parse(await tab.EvaluateAsync<string>(
            "() => JSON.stringify(Object.fromEntries(Object.entries(window.brmCharts).map(([id, c]) => [id, { kind: c.kind, datasets: c.datasets, points: c.points, " +
            "blank: c.chart ? !c.chart.canvas.getContext('2d').getImageData(0, 0, c.chart.canvas.width, c.chart.canvas.height).data.some((v, i) => i % 4 === 3 && v > 0) : false }])))"));

        var charts = PageData.Widgets(model)
            .Where(w => PageData.Text(w.Widget["status"]) == "data" && PageData.Text(w.Widget["view"]) is not ("table" or "singleValue"))
            .ToList();
        charts.Should().HaveCountGreaterThan(25, "the demo has data for most custom-metric and Logs Insights widgets");
        foreach (var (dashboard, widget) in charts)
        {
            var title = $"{dashboard}/{PageData.Text(widget["title"])}";
            drawn.RootElement.TryGetProperty(PageData.Text(widget["id"]), out var chart).Should().BeTrue($"widget '{title}' has local data and must be drawn");
            chart.GetProperty("points").GetInt32().Should().BePositive($"widget '{title}' must show its data");
            chart.GetProperty("blank").GetBoolean().Should().BeFalse($"widget '{title}' canvas must have pixels");
        }

        // Tables and single values are HTML written by brm: each data widget of those views has rows or numbers.
        foreach (var (dashboard, widget) in PageData.Widgets(model).Where(w => PageData.Text(w.Widget["status"]) == "data" && PageData.Text(w.Widget["view"]) is "table" or "singleValue"))
        {
            var cells = await tab.Locator($"[id='{PageData.Text(widget["id"])}'] td, [id='{PageData.Text(widget["id"])}'] .single-value").CountAsync();
            cells.Should().BePositive($"widget '{dashboard}/{PageData.Text(widget["title"])}' must show its rows");
        }

        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "demo-screenshots");
        Directory.CreateDirectory(screenshots);
        foreach (var dashboard in model["dashboards"]!.AsArray().Select(d => PageData.Text(d!["name"])))
        {
            var file = Path.Combine(screenshots, $"{dashboard}.png");
            await tab.Locator($"section[data-dashboard='{dashboard}']").ScreenshotAsync(new LocatorScreenshotOptions { Path = file });
            new FileInfo(file).Length.Should().BePositive();
            output.WriteLine("screenshot: " + file);
        }

        browser.Problems.Should().BeEmpty("the page must load and draw without console errors");
    }
}
