namespace BatchRuntimeMonitor.Local.Dashboards.Metrics;

/// <summary>One raw observation of a metric, as CloudWatch would store it before any statistic is applied.</summary>
public sealed record MetricDatapoint(MetricIdentity Metric, long TimestampMs, double Value, string Unit, bool Simulated = false);
