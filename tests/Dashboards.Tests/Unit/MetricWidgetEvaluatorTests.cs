using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class MetricWidgetEvaluatorTests
{
    private static readonly MetricStore Store = new(
    [
        Point("RUNNABLE", "q1", 0, 1), Point("RUNNABLE", "q1", 60_000, 1), Point("RUNNABLE", "q1", 400_000, 1),
        Point("RUNNABLE", "q2", 100_000, 1),
        Point("RunningSeconds", "q1", 0, 10), Point("RunningSeconds", "q1", 30_000, 30),
    ]);

    [Fact]
    public void Search_results_get_dimension_labels_prefixed_by_a_static_label_and_totals()
    {
        var widget = Evaluate("""{"stat":"Sum","period":300,"metrics":[[{"expression":"SEARCH('{NS,JobQueue} MetricName=\"RUNNABLE\"', 'Sum', 300)","id":"e1","label":"Runnable"}]]}""");

        widget.Status.Should().Be(WidgetStatus.Data);
        widget.Series.Select(s => s.Label).Should().Equal("Runnable q1", "Runnable q2");
        widget.Series[0].Points.Should().BeEquivalentTo(new[] { new double[] { 0, 2 }, new double[] { 300_000, 1 } }, o => o.WithStrictOrdering());
        widget.Totals["RUNNABLE"].Should().Equal(new Dictionary<string, double> { ["JobQueue=q1"] = 3, ["JobQueue=q2"] = 1 });
    }

    [Fact]
    public void Dynamic_labels_and_row_stat_override_the_widget_default()
    {
        var widget = Evaluate("""{"stat":"Sum","metrics":[["NS","RunningSeconds","JobQueue","q1",{"stat":"Maximum","label":"${PROP('Dim.JobQueue')} max ${MAX}"}]]}""");

        widget.Series.Single().Label.Should().Be("q1 max 30");
        widget.Series.Single().Total.Should().Be(40, "totals are raw sums whatever the statistic");
    }

    [Fact]
    public void Hidden_rows_feed_expressions_without_being_drawn()
    {
        var widget = Evaluate("""{"stat":"Sum","period":300,"view":"timeSeries","metrics":[["NS","RUNNABLE","JobQueue","q1",{"id":"a","visible":false}],["...","q2",{"id":"b","visible":false}],[{"expression":"a+b","id":"sum","label":"both"}]]}""");

        widget.Series.Should().ContainSingle().Which.Points.Should().BeEquivalentTo(new[] { new double[] { 0, 3 } });
    }

    [Fact]
    public void Single_value_with_set_period_to_time_range_covers_the_whole_replay()
    {
        var widget = Evaluate("""{"view":"singleValue","setPeriodToTimeRange":true,"stat":"Sum","metrics":[[{"expression":"SUM(SEARCH('{NS,JobQueue} MetricName=\"RUNNABLE\"', 'Sum', 300))","id":"e1"}]]}""");

        widget.Series.Single().Value.Should().Be(4);
    }

    [Fact]
    public void Aws_namespaces_without_data_are_placeholders_and_missing_custom_metrics_are_empty()
    {
        var ecs = Evaluate("""{"metrics":[["AWS/ECS","CPUUtilization","ClusterName","c1"],[{"expression":"SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUUtilization\"', 'Average', 300)","id":"e1"}]]}""");
        ecs.Status.Should().Be(WidgetStatus.Placeholder);
        ecs.Message.Should().Be("Fills after deployment: AWS/ECS, AWS/EC2 metrics are published by AWS");

        var missing = Evaluate("""{"metrics":[["NS","JobQueueBlocked","JobQueue","q1"]]}""");
        missing.Status.Should().Be(WidgetStatus.Empty);
    }

    [Fact]
    public void Widget_options_are_carried_to_the_page()
    {
        var widget = Evaluate("""{"view":"timeSeries","stacked":true,"stat":"Sum","period":60,"legend":{"position":"right"},"yAxis":{"left":{"label":"jobs","min":0},"right":{"max":5}},"metrics":[["NS","RUNNABLE","JobQueue","q1",{"yAxis":"right","color":"#ff0000"}]]}""");

        widget.Should().Match<WidgetData>(w => w.Stacked && w.Period == 60 && w.LegendPosition == "right" && w.LeftAxis!.Label == "jobs" && w.RightAxis!.Max == 5);
        widget.Series.Single().Should().Match<SeriesData>(s => s.YAxis == "right" && s.Color == "#ff0000");
    }

    private static WidgetData Evaluate(string properties)
    {
        using var document = JsonDocument.Parse(properties);
        var widget = new WidgetData();
        MetricWidgetEvaluator.Evaluate(document.RootElement, Store, widget);
        return widget;
    }

    private static MetricDatapoint Point(string metric, string queue, long t, double value) =>
        new(new MetricIdentity("NS", metric, [new("JobQueue", queue)]), t, value, "Count");
}
