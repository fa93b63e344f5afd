using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Emf;
using BatchRuntimeMonitor.Local.Dashboards.LogsInsights;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>What a replay directory holds for the dashboards: EMF metrics, stand-in AWS metrics, and log records.</summary>
/// <param name="SkippedLines">"file:line: why" for each line that was no EMF document or no JSON object: drawn as
/// CloudWatch would (no metric from it; a log event without fields), and told to the user.</param>
public sealed record ReplayData(MetricStore Metrics, IReadOnlyList<LogRecord> LogRecords, IReadOnlyList<string> SkippedLines)
{
    public const string EmfFile = "emf.jsonl";
    public const string InsightsFile = "insights.jsonl";
    public const string JobsFile = "jobs.jsonl";

    public static ReplayData Read(string directory)
    {
        var skipped = new List<string>();
        var emfPath = Path.Combine(directory, EmfFile);
        var datapoints = EmfReader.ReadFile(emfPath, (line, why) => skipped.Add($"{emfPath}:{line}: no EMF document, no metric taken from it ({why})"))
            .Concat(SimulatedMetricsReader.ReadFile(Path.Combine(directory, SimulatedMetricsReader.FileName)));

        // The insight records are the log events the Logs Insights widgets query; without them the job ledger,
        // which uses the same field names, is the closest local stand-in.
        var logFile = File.Exists(Path.Combine(directory, InsightsFile)) ? InsightsFile : JobsFile;
        var path = Path.Combine(directory, logFile);
        var logGroup = "/brm/local/" + Path.GetFileNameWithoutExtension(logFile);
        var records = new List<LogRecord>();
        var number = 0L;
        foreach (var line in File.Exists(path) ? File.ReadLines(path) : [])
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                records.Add(LogRecord.Parse(line, logGroup));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                skipped.Add($"{path}:{number}: not a JSON object, queried as a log event without fields ({e.Message})");
                records.Add(LogRecord.Unstructured(line, logGroup));
            }
        }

        return new ReplayData(new MetricStore(datapoints), records, skipped);
    }
}
