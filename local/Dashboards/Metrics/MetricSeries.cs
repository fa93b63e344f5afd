namespace BatchRuntimeMonitor.Local.Dashboards.Metrics;

/// <summary>A time series after a statistic was applied per period (or after metric math).</summary>
public sealed record MetricSeries(string Label, IReadOnlyList<SeriesPoint> Points)
{
    /// <summary>The metric this series was read from; null for math results.</summary>
    public MetricIdentity? Metric { get; init; }

    public string? Unit { get; init; }

    public bool Simulated { get; init; }

    public int PeriodSeconds { get; init; }

    /// <summary>Sum of the raw values over the whole replay, independent of the widget's statistic.</summary>
    public double? RawTotal { get; init; }

    public int? RawSampleCount { get; init; }
}

public readonly record struct SeriesPoint(long TimestampMs, double Value);
