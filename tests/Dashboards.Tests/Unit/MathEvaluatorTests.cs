using BatchRuntimeMonitor.Local.Dashboards.MetricMath;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class MathEvaluatorTests
{
    private readonly FakeContext _context = new();

    public MathEvaluatorTests()
    {
        _context.Rows["m1"] = Series("a", (0, 1), (300_000, 2), (600_000, 3));
        _context.Rows["m2"] = Series("b", (0, 10), (600_000, 30));
    }

    [Fact]
    public void Arithmetic_between_series_keeps_only_common_timestamps()
    {
        Points("m1 + m2").Should().Equal(new SeriesPoint(0, 11), new SeriesPoint(600_000, 33));
        Points("m1/m2*100").Should().Equal(new SeriesPoint(0, 10), new SeriesPoint(600_000, 10));
        Points("-m1 + 2^3").Should().Equal(new SeriesPoint(0, 7), new SeriesPoint(300_000, 6), new SeriesPoint(600_000, 5));
    }

    [Fact]
    public void Division_by_zero_drops_the_point()
    {
        _context.Rows["z"] = Series("z", (0, 0), (300_000, 1));
        Points("m1/z").Should().Equal(new SeriesPoint(300_000, 2));
    }

    [Fact]
    public void Sum_of_an_array_is_a_series_and_sum_of_one_series_is_a_scalar()
    {
        Points("SUM(METRICS())").Should().Equal(new SeriesPoint(0, 11), new SeriesPoint(300_000, 2), new SeriesPoint(600_000, 33));
        Evaluate("SUM(m1)").Should().Be(new ScalarValue(6));
        Evaluate("MAX(m2)").Should().Be(new ScalarValue(30));
        Points("AVG(METRICS('m'))").Should().Equal(new SeriesPoint(0, 5.5), new SeriesPoint(300_000, 2), new SeriesPoint(600_000, 16.5));
        ((SeriesValue)Evaluate("METRICS('2')")).Series.Should().ContainSingle();
    }

    [Fact]
    public void Rate_diff_period_and_per_second_rates()
    {
        Points("RATE(m1)").Should().Equal(new SeriesPoint(300_000, 1.0 / 300), new SeriesPoint(600_000, 1.0 / 300));
        Points("DIFF(m2)").Should().Equal(new SeriesPoint(600_000, 20));
        Evaluate("PERIOD(m1)").Should().Be(new ScalarValue(300));
        Points("m2/PERIOD(m2)").Should().Equal(new SeriesPoint(0, 10.0 / 300), new SeriesPoint(600_000, 0.1));
        Points("RUNNING_SUM(m1)").Select(p => p.Value).Should().Equal(1, 3, 6);
    }

    [Fact]
    public void Fill_with_a_value_repeat_or_linear()
    {
        Points("FILL(m2, 0)").Should().Equal(new SeriesPoint(0, 10), new SeriesPoint(300_000, 0), new SeriesPoint(600_000, 30));
        Points("FILL(m2, REPEAT)")[1].Value.Should().Be(10);
        Points("FILL(m2, LINEAR)")[1].Value.Should().Be(20);
    }

    [Fact]
    public void Fill_keeps_the_metric_it_fills_and_its_raw_total_where_other_math_drops_them()
    {
        var metric = new MetricIdentity("NS", "PlacementFailures", [new("JobQueue", "q")]);
        _context.Rows["m3"] = Series("c", (0, 2), (600_000, 1)) with { Metric = metric, RawTotal = 3, RawSampleCount = 2 };

        var filled = ((SeriesValue)Evaluate("FILL(m3, 0)")).Series.Single();
        var scaled = ((SeriesValue)Evaluate("m3 * 2")).Series.Single();

        filled.Metric.Should().BeSameAs(metric, "a zero-filled count is still that metric");
        filled.RawTotal.Should().Be(3);
        filled.RawSampleCount.Should().Be(2);
        filled.Points.Sum(p => p.Value).Should().Be(3);
        scaled.Metric.Should().BeNull("a computed series is no metric's");
    }

    [Fact]
    public void If_with_and_without_else_and_comparisons()
    {
        Points("IF(m1 > 1, m1, 0)").Select(p => p.Value).Should().Equal(0, 2, 3);
        Points("IF(m1 >= 2, 100)").Should().Equal(new SeriesPoint(300_000, 100), new SeriesPoint(600_000, 100));
        Points("IF(m1 == 1 OR m1 == 3, m1)").Select(p => p.Value).Should().Equal(1, 3);
        Points("IF(m1 != 1 AND m1 < 3, m1)").Select(p => p.Value).Should().Equal(2);
    }

    [Fact]
    public void Search_and_errors()
    {
        Evaluate("SEARCH('{NS,JobQueue}', 'Sum', 60)").Should().BeOfType<SeriesValue>().Which.IsArray.Should().BeTrue();
        _context.LastSearch.Should().Be(("{NS,JobQueue}", "Sum", 60));
        var unknownFunction = () => Evaluate("ANOMALY_DETECTION_BAND(m1)");
        unknownFunction.Should().Throw<FormatException>().WithMessage("*ANOMALY_DETECTION_BAND*");
        var unknownId = () => Evaluate("m9 + 1");
        unknownId.Should().Throw<FormatException>();
        var syntax = () => Evaluate("m1 +");
        syntax.Should().Throw<FormatException>();
    }

    private MathValue Evaluate(string expression) => new MathEvaluator(_context).Evaluate(expression);

    private List<SeriesPoint> Points(string expression) =>
        ((SeriesValue)Evaluate(expression)).Series.Single().Points.ToList();

    private static MetricSeries Series(string label, params (long T, double V)[] points) =>
        new(label, points.Select(p => new SeriesPoint(p.T, p.V)).ToList()) { PeriodSeconds = 300 };

    private sealed class FakeContext : IMathContext
    {
        public Dictionary<string, MetricSeries> Rows { get; } = new();

        public (string, string, int)? LastSearch { get; private set; }

        public int DefaultPeriodSeconds => 300;

        public IReadOnlyList<long> Timeline(int periodSeconds) => [0, 300_000, 600_000];

        public MathValue Resolve(string id) =>
            Rows.TryGetValue(id, out var s) ? SeriesValue.Single(s) : throw new FormatException($"Unknown id '{id}'");

        public SeriesValue Metrics(string? idFilter) =>
            new(Rows.Where(r => r.Key.StartsWith('m') && (idFilter is null || r.Key.Contains(idFilter, StringComparison.Ordinal))).Select(r => r.Value).ToList(), true);

        public SeriesValue Search(string query, string statistic, int periodSeconds)
        {
            LastSearch = (query, statistic, periodSeconds);
            return new SeriesValue([], true);
        }
    }
}
