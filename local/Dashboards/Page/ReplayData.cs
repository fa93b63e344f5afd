using BatchRuntimeMonitor.Local.Dashboards.Emf;
using BatchRuntimeMonitor.Local.Dashboards.LogsInsights;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>What a replay directory holds for the dashboards: EMF metrics, stand-in AWS metrics, and log records.</summary>
public sealed record ReplayData(MetricStore Metrics, IReadOnlyList<LogRecord> LogRecords)
{
    public const string EmfFile = "emf.jsonl";
    public const string InsightsFile = "insights.jsonl";
    public const string JobsFile = "jobs.jsonl";

    public static ReplayData Read(string directory)
    {
        var datapoints = EmfReader.ReadFile(Path.Combine(directory, EmfFile))
            .Concat(SimulatedMetricsReader.ReadFile(Path.Combine(directory, SimulatedMetricsReader.FileName)));

        // The insight records are the log events the Logs Insights widgets query; without them the job ledger,
        // which uses the same field names, is the closest local stand-in.
        var logFile = File.Exists(Path.Combine(directory, InsightsFile)) ? InsightsFile : JobsFile;
        var path = Path.Combine(directory, logFile);
        var records = File.Exists(path)
            ? File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => LogRecord.Parse(l, "/brm/local/" + Path.GetFileNameWithoutExtension(logFile))).ToList()
            : [];
        return new ReplayData(new MetricStore(datapoints), records);
    }
}
