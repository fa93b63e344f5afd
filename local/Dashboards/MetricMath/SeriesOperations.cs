using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.MetricMath;

/// <summary>Point-wise helpers shared by the metric math functions; non-finite results are dropped like CloudWatch does.</summary>
public static class SeriesOperations
{
    public static MetricSeries Map(MetricSeries series, Func<double, double> map) =>
        series with { Points = Finite(series.Points.Select(p => new SeriesPoint(p.TimestampMs, map(p.Value)))), Metric = null, RawTotal = null, RawSampleCount = null };

    /// <summary>Two series combine only where both have a point.</summary>
    public static MetricSeries Combine(MetricSeries left, MetricSeries right, Func<double, double, double> op)
    {
        var rightByTime = right.Points.ToDictionary(p => p.TimestampMs, p => p.Value);
        var points = left.Points
            .Where(p => rightByTime.ContainsKey(p.TimestampMs))
            .Select(p => new SeriesPoint(p.TimestampMs, op(p.Value, rightByTime[p.TimestampMs])));
        return left with { Points = Finite(points), Metric = null, RawTotal = null, RawSampleCount = null };
    }

    /// <summary>Across an array, each timestamp aggregates the series that have a point there.</summary>
    public static MetricSeries Across(IReadOnlyList<MetricSeries> series, Func<IReadOnlyList<double>, double> aggregate, string label)
    {
        var points = series.SelectMany(s => s.Points)
            .GroupBy(p => p.TimestampMs)
            .OrderBy(g => g.Key)
            .Select(g => new SeriesPoint(g.Key, aggregate(g.Select(p => p.Value).ToList())));
        return new MetricSeries(label, Finite(points))
        {
            PeriodSeconds = series.Count > 0 ? series[0].PeriodSeconds : 0,
            Unit = series.Select(s => s.Unit).Distinct().Count() == 1 ? series[0].Unit : null,
            Simulated = series.Any(s => s.Simulated),
        };
    }

    public static MetricSeries Rate(MetricSeries series) => Pairwise(series, (a, b) => (b.Value - a.Value) / ((b.TimestampMs - a.TimestampMs) / 1000.0));

    public static MetricSeries Diff(MetricSeries series) => Pairwise(series, (a, b) => b.Value - a.Value);

    public static MetricSeries RunningSum(MetricSeries series)
    {
        var total = 0.0;
        return series with { Points = series.Points.Select(p => new SeriesPoint(p.TimestampMs, total += p.Value)).ToList(), Metric = null };
    }

    public static MetricSeries Fill(MetricSeries series, IReadOnlyList<long> timeline, string mode, double value)
    {
        var byTime = series.Points.ToDictionary(p => p.TimestampMs, p => p.Value);
        var points = new List<SeriesPoint>();
        foreach (var t in timeline.Union(byTime.Keys).OrderBy(t => t))
        {
            if (byTime.TryGetValue(t, out var existing))
            {
                points.Add(new SeriesPoint(t, existing));
                continue;
            }

            double? filled = mode switch
            {
                "REPEAT" => points.Count > 0 ? points[^1].Value : NextValue(series, t),
                "LINEAR" => Linear(series, t),
                _ => value,
            };
            if (filled is { } f)
            {
                points.Add(new SeriesPoint(t, f));
            }
        }

        // Still the metric it fills (the dashboards zero-fill counts): its identity and raw total stay, so the page
        // keeps its legend's totals and the link to summary.json's totals for a FILL(SEARCH(...), 0) widget.
        return series with { Points = points };
    }

    private static double? NextValue(MetricSeries series, long t) =>
        series.Points.Where(p => p.TimestampMs > t).Select(p => (double?)p.Value).FirstOrDefault();

    private static double? Linear(MetricSeries series, long t)
    {
        var before = series.Points.LastOrDefault(p => p.TimestampMs < t);
        var after = series.Points.FirstOrDefault(p => p.TimestampMs > t);
        if (before == default || after == default)
        {
            return before == default ? (after == default ? null : after.Value) : before.Value;
        }

        var fraction = (double)(t - before.TimestampMs) / (after.TimestampMs - before.TimestampMs);
        return before.Value + ((after.Value - before.Value) * fraction);
    }

    private static MetricSeries Pairwise(MetricSeries series, Func<SeriesPoint, SeriesPoint, double> op)
    {
        var points = series.Points.Zip(series.Points.Skip(1), (a, b) => new SeriesPoint(b.TimestampMs, op(a, b)));
        return series with { Points = Finite(points), Metric = null, RawTotal = null, RawSampleCount = null };
    }

    private static List<SeriesPoint> Finite(IEnumerable<SeriesPoint> points) =>
        points.Where(p => double.IsFinite(p.Value)).ToList();
}
