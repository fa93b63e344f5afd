namespace BatchRuntimeMonitor.Local.Dashboards.Metrics;

/// <summary>All datapoints of a replay, indexed by metric, with the replay's own time span.</summary>
public sealed class MetricStore
{
    private readonly Dictionary<MetricIdentity, List<MetricDatapoint>> _byMetric = new();

    public MetricStore(IEnumerable<MetricDatapoint> datapoints)
    {
        foreach (var point in datapoints)
        {
            if (!_byMetric.TryGetValue(point.Metric, out var list))
            {
                list = new List<MetricDatapoint>();
                _byMetric.Add(point.Metric, list);
            }

            list.Add(point);
            StartMs = Math.Min(StartMs ?? point.TimestampMs, point.TimestampMs);
            EndMs = Math.Max(EndMs ?? point.TimestampMs, point.TimestampMs);
        }
    }

    public long? StartMs { get; }

    public long? EndMs { get; }

    public IEnumerable<MetricIdentity> Metrics => _byMetric.Keys;

    /// <summary>Aligned period starts from the first to the last datapoint of the replay.</summary>
    public IReadOnlyList<long> Timeline(int periodSeconds)
    {
        if (StartMs is not { } start || EndMs is not { } end)
        {
            return [];
        }

        var result = new List<long>();
        for (var t = PeriodAggregator.AlignedStart(start, periodSeconds); t <= end; t += periodSeconds * 1000L)
        {
            result.Add(t);
        }

        return result;
    }

    public bool HasNamespace(string @namespace) => _byMetric.Keys.Any(m => m.Namespace == @namespace);

    public IReadOnlyList<MetricDatapoint> Datapoints(MetricIdentity metric) =>
        _byMetric.TryGetValue(metric, out var list) ? list : [];

    /// <summary>Reads one metric as a series; null when the replay has no datapoint for it.</summary>
    /// <param name="wholeRange">One datapoint for the whole replay (CloudWatch's setPeriodToTimeRange).</param>
    public MetricSeries? Read(MetricIdentity metric, Statistic statistic, int periodSeconds, string label, bool wholeRange = false)
    {
        var points = Datapoints(metric);
        if (points.Count == 0)
        {
            return null;
        }

        var aggregated = wholeRange
            ? [new SeriesPoint(StartMs ?? 0, statistic.Compute(points.Select(p => p.Value).ToList())!.Value)]
            : PeriodAggregator.Aggregate(points, statistic, periodSeconds);
        return new MetricSeries(label, aggregated)
        {
            Metric = points[0].Metric,
            Unit = points[0].Unit,
            Simulated = points[0].Simulated,
            PeriodSeconds = periodSeconds,
            RawTotal = points.Sum(p => p.Value),
            RawSampleCount = points.Count,
        };
    }
}
