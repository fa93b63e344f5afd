using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.MetricMath;

/// <summary>What a metric math expression evaluates to: a scalar, one time series, or an array of time series.</summary>
public abstract record MathValue;

public sealed record ScalarValue(double Value) : MathValue;

public sealed record TextValue(string Value) : MathValue;

/// <summary>IsArray distinguishes SEARCH/METRICS() results (aggregated across series by SUM etc.) from one series.</summary>
public sealed record SeriesValue(IReadOnlyList<MetricSeries> Series, bool IsArray) : MathValue
{
    public static SeriesValue Single(MetricSeries series) => new([series], false);
}
