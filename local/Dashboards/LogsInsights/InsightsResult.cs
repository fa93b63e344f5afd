namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>Rows of a query in column order; time columns hold epoch milliseconds.</summary>
public sealed record InsightsResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows, IReadOnlySet<string> TimeColumns);
