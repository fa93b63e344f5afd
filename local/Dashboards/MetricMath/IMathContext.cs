namespace BatchRuntimeMonitor.Local.Dashboards.MetricMath;

/// <summary>What an expression can see: the widget's other rows, the replay's metrics and its time grid.</summary>
public interface IMathContext
{
    int DefaultPeriodSeconds { get; }

    /// <summary>Aligned period starts covering the replay's span, used by FILL.</summary>
    IReadOnlyList<long> Timeline(int periodSeconds);

    MathValue Resolve(string id);

    /// <summary>The widget's metric rows (not expressions) whose id contains the filter.</summary>
    SeriesValue Metrics(string? idFilter);

    SeriesValue Search(string query, string statistic, int periodSeconds);
}
