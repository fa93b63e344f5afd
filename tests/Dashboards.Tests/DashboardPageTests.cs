using System.Text.Json;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.Dashboards;
using BatchRuntimeMonitor.Local.Dashboards.Page;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;
using BatchRuntimeMonitor.Tests.Dashboards.Support;

namespace BatchRuntimeMonitor.Tests.Dashboards;

public sealed partial class DashboardPageTests : IDisposable
{
    private readonly SampleReplay _replay = new(withSimulatedAwsMetrics: true);

    public void Dispose() => _replay.Dispose();

    [Fact]
    public void Render_writes_one_offline_page_with_the_chart_library_inlined()
    {
        var summary = Render(Fixtures.DashboardsDirectory);

        var html = File.ReadAllText(summary.OutputPath);
        html.Should().Contain("<script type=\"application/json\" id=\"brm-data\">");
        html.Should().Contain("Chart.js v4", "the library is inlined, not linked");
        html.Should().NotMatchRegex("<script[^>]+src=", "the page must open offline from file://");
        html.Should().NotContain("${MetricsNamespace}");
        summary.Dashboards.Should().Be(2);
        summary.WidgetsWithoutLocalData.Should().Be(1, "AWS/ECS has neither EMF nor simulated data");
        summary.WidgetsWithErrors.Should().Be(1, "the query using parse is reported in its widget");
        summary.WidgetsWithoutData.Should().Be(1, "no queue was blocked in the sample replay");
        summary.TextWidgets.Should().Be(1);
        summary.WidgetsDrawn.Should().Be(summary.Widgets - 4);
    }

    [Fact]
    public void Embedded_totals_equal_the_summary_totals_for_the_same_metric_and_dimensions()
    {
        var summary = Render(Fixtures.DashboardsDirectory);
        var model = ReadEmbeddedModel(summary.OutputPath);
        var expected = SampleReplay.ReadSummary(_replay.Directory);

        var compared = 0;
        foreach (var widget in model.Dashboards.SelectMany(d => d.Widgets))
        {
            foreach (var (metric, byKey) in widget.Totals)
            {
                foreach (var (key, total) in byKey)
                {
                    var summaryTotal = expected[metric]![key]!.GetValue<double>();
                    total.Should().BeApproximately(summaryTotal, 1e-9, $"{widget.Title}: {metric} {key}");
                    compared++;
                }
            }
        }

        compared.Should().BeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void Sum_over_the_replay_of_each_searched_series_equals_its_summary_total()
    {
        var model = ReadEmbeddedModel(Render(Fixtures.DashboardsDirectory).OutputPath);
        var submitted = model.Dashboards.SelectMany(d => d.Widgets).Single(w => w.Title == "Submitted by queue");

        submitted.Series.Select(s => s.Label).Should().BeEquivalentTo(["q-high", "q-low"]);
        foreach (var series in submitted.Series)
        {
            series.Points.Sum(p => p[1]).Should().Be(_replay.Totals["SUBMITTED"][series.TotalsKey!]);
        }

        var single = model.Dashboards.SelectMany(d => d.Widgets).Single(w => w.Title == "Jobs submitted (whole replay)");
        single.Series.Single().Value.Should().Be(24);
    }

    [Fact]
    public void Aws_published_metrics_show_a_placeholder_unless_the_replay_simulates_them()
    {
        var model = ReadEmbeddedModel(Render(Fixtures.DashboardsDirectory).OutputPath);
        var widgets = model.Dashboards.SelectMany(d => d.Widgets).ToList();

        var ecs = widgets.Single(w => w.Title == "ECS cluster CPU reservation");
        ecs.Status.Should().Be(WidgetStatus.Placeholder);
        ecs.Message.Should().Be("Fills after deployment: AWS/ECS metrics are published by AWS");

        var asg = widgets.Single(w => w.Title == "In-service instances");
        asg.Status.Should().Be(WidgetStatus.Data);
        asg.Simulated.Should().BeTrue();
        File.ReadAllText(Path.Combine(_replay.Directory, "dashboards.html")).Should().Contain("<span class=\"badge\">simulated</span>");
    }

    [Fact]
    public void Log_widgets_show_query_results_and_errors_in_the_widget()
    {
        var model = ReadEmbeddedModel(Render(Fixtures.DashboardsDirectory).OutputPath);
        var widgets = model.Dashboards.SelectMany(d => d.Widgets).ToList();

        var failed = widgets.Single(w => w.Title == "Failed jobs");
        failed.Table!.Rows.Should().HaveCount(5);
        failed.Table.Columns.Should().Equal("@timestamp", "JobName", "JobQueue", "StatusReason");

        var perBin = widgets.Single(w => w.Title == "Jobs finished per 15 minutes");
        perBin.Series.Single(s => s.Label == "jobs").Points.Sum(p => p[1]).Should().Be(24);

        var broken = widgets.Single(w => w.Title == "Broken query");
        broken.Status.Should().Be(WidgetStatus.Error);
        broken.Message.Should().Contain("Unsupported Logs Insights command 'parse'");
    }

    [Fact]
    public void Real_dashboards_render_without_widget_errors_when_they_exist()
    {
        if (!Fixtures.HasRealDashboards)
        {
            return;
        }

        var summary = Render(Fixtures.RealDashboardsDirectory);

        summary.Problems.Should().BeEmpty();
        var model = ReadEmbeddedModel(summary.OutputPath);
        var expected = SampleReplay.ReadSummary(_replay.Directory);
        foreach (var (metric, byKey) in model.Dashboards.SelectMany(d => d.Widgets).SelectMany(w => w.Totals))
        {
            foreach (var (key, total) in byKey)
            {
                if (expected[metric]?[key] is { } summaryTotal)
                {
                    total.Should().BeApproximately(summaryTotal.GetValue<double>(), 1e-9, $"{metric} {key}");
                }
            }
        }
    }

    [Fact]
    public void Lines_that_are_no_emf_document_or_no_json_object_are_named_and_the_page_shows_the_rest_as_cloudwatch_would()
    {
        var before = Render(Fixtures.RealDashboardsDirectory);
        var clean = JsonSerializer.Serialize(ReadEmbeddedModel(before.OutputPath).Dashboards, HtmlPageWriter.JsonOptions);
        var emf = Path.Combine(_replay.Directory, ReplayData.EmfFile);
        var insights = Path.Combine(_replay.Directory, ReplayData.InsightsFile);
        var emfLines = File.ReadAllLines(emf).Length;
        var insightLines = File.ReadAllLines(insights).Length;
        // Not JSON; JSON whose directive has no Namespace (CloudWatch rejects it); a log line that is no JSON object.
        File.AppendAllLines(emf, ["{\"_aws\": cut", """{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Metrics":[{"Name":"SUBMITTED"}]}]},"SUBMITTED":1}"""]);
        File.AppendAllLines(insights, ["not json at all"]);

        var after = Render(Fixtures.RealDashboardsDirectory);

        after.SkippedLines.Should().HaveCount(3);
        after.SkippedLines[0].Should().StartWith($"{emf}:{emfLines + 1}: no EMF document");
        after.SkippedLines[1].Should().StartWith($"{emf}:{emfLines + 2}: no EMF document");
        after.SkippedLines[2].Should().StartWith($"{insights}:{insightLines + 1}: not a JSON object");
        JsonSerializer.Serialize(ReadEmbeddedModel(after.OutputPath).Dashboards, HtmlPageWriter.JsonOptions)
            .Should().Be(clean, "no metric comes from the bad lines, and every query of the real dashboards filters on RecordType, which a line without fields lacks");
        before.SkippedLines.Should().BeEmpty();
    }

    private DashboardRenderSummary Render(string dashboards) => DashboardPage.Render(new DashboardRenderOptions
    {
        DashboardsDirectory = dashboards,
        ReplayDirectory = _replay.Directory,
        OutputPath = Path.Combine(_replay.Directory, "dashboards.html"),
    });

    public static PageModel ReadEmbeddedModel(string htmlPath)
    {
        var json = EmbeddedData().Match(File.ReadAllText(htmlPath)).Groups[1].Value;
        return JsonSerializer.Deserialize<PageModel>(json, HtmlPageWriter.JsonOptions)!;
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"brm-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex EmbeddedData();
}
