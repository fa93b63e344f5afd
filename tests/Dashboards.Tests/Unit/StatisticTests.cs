using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class StatisticTests
{
    private static readonly double[] Values = [4, 1, 3, 2, 10];

    [Theory]
    [InlineData("Sum", 20)]
    [InlineData("Average", 4)]
    [InlineData("Minimum", 1)]
    [InlineData("Maximum", 10)]
    [InlineData("SampleCount", 5)]
    [InlineData("p50", 3)]
    [InlineData("p90", 10)]
    [InlineData("p99.9", 10)]
    [InlineData("p0", 1)]
    [InlineData("p20", 1)]
    [InlineData("p40", 2)]
    public void Computes_each_statistic(string name, double expected) =>
        Statistic.Parse(name).Compute(Values).Should().Be(expected);

    [Fact]
    public void Empty_period_has_no_value_and_unknown_statistics_are_rejected()
    {
        Statistic.Parse("Sum").Compute([]).Should().BeNull();
        Statistic.Parse(null).Name.Should().Be("Average");
        var act = () => Statistic.Parse("tm90");
        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Periods_align_on_epoch_multiples_and_empty_periods_are_absent()
    {
        var metric = new MetricIdentity("NS", "M", []);
        var points = new[] { 61_000L, 299_000, 300_000, 1_000_000 }.Select(t => new MetricDatapoint(metric, t, 1, "Count"));

        var series = PeriodAggregator.Aggregate(points, Statistic.Parse("Sum"), 300);

        series.Should().Equal(new SeriesPoint(0, 2), new SeriesPoint(300_000, 1), new SeriesPoint(900_000, 1));
        PeriodAggregator.AlignedStart(3_599_999, 3600).Should().Be(0);
        PeriodAggregator.AlignedStart(3_600_000, 3600).Should().Be(3_600_000);
    }

    [Fact]
    public void Store_reads_totals_and_the_whole_range_as_one_datapoint()
    {
        var metric = new MetricIdentity("NS", "M", [new("JobQueue", "q")]);
        var store = new MetricStore([new MetricDatapoint(metric, 1_000, 2, "Count"), new MetricDatapoint(metric, 700_000, 5, "Count")]);

        var periodic = store.Read(metric, Statistic.Parse("Maximum"), 300, "label")!;
        periodic.Points.Should().HaveCount(2);
        periodic.RawTotal.Should().Be(7);
        periodic.RawSampleCount.Should().Be(2);
        store.Read(metric, Statistic.Parse("Maximum"), 300, "label", wholeRange: true)!.Points.Should().Equal(new SeriesPoint(1_000, 5));
        store.Timeline(300).Should().Equal(0, 300_000, 600_000);
        store.Read(new MetricIdentity("NS", "Other", []), Statistic.Parse("Sum"), 300, "x").Should().BeNull();
    }

    [Fact]
    public void Metric_identity_ignores_dimension_order()
    {
        new MetricIdentity("NS", "M", [new("A", "1"), new("B", "2")])
            .Should().Be(new MetricIdentity("NS", "M", [new("B", "2"), new("A", "1")]));
    }
}
