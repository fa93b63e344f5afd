namespace BatchRuntimeMonitor.Local.Dashboards.Metrics;

/// <summary>Buckets raw datapoints into periods aligned on epoch multiples, as CloudWatch does, and applies a statistic.</summary>
public static class PeriodAggregator
{
    public static long AlignedStart(long timestampMs, int periodSeconds)
    {
        var periodMs = periodSeconds * 1000L;
        return timestampMs - (((timestampMs % periodMs) + periodMs) % periodMs);
    }

    /// <summary>Periods without a datapoint are absent from the result, never zero.</summary>
    public static IReadOnlyList<SeriesPoint> Aggregate(IEnumerable<MetricDatapoint> datapoints, Statistic statistic, int periodSeconds)
    {
        if (periodSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(periodSeconds), "period must be positive");
        }

        return datapoints
            .GroupBy(d => AlignedStart(d.TimestampMs, periodSeconds))
            .OrderBy(g => g.Key)
            .Select(g => new SeriesPoint(g.Key, statistic.Compute(g.Select(d => d.Value).ToList())!.Value))
            .ToList();
    }
}
