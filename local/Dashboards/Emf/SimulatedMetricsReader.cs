using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Emf;

/// <summary>
/// Reads stand-in series for AWS-published metrics (AWS/ECS, AWS/AutoScaling, ...) that a replay may provide:
/// one JSON object a line, {namespace, name, dimensions: {Dim: value}, timestamp (epoch ms), value, unit?}.
/// </summary>
public static class SimulatedMetricsReader
{
    public const string FileName = "simulated-aws-metrics.jsonl";

    public static IReadOnlyList<MetricDatapoint> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var result = new List<MetricDatapoint>();
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var dimensions = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("dimensions", out var dims) && dims.ValueKind == JsonValueKind.Object)
            {
                dimensions.AddRange(dims.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString())));
            }

            var identity = new MetricIdentity(root.GetProperty("namespace").GetString()!, root.GetProperty("name").GetString()!, dimensions);
            var unit = root.TryGetProperty("unit", out var u) ? u.GetString() ?? "None" : "None";
            result.Add(new MetricDatapoint(identity, root.GetProperty("timestamp").GetInt64(), root.GetProperty("value").GetDouble(), unit, Simulated: true));
        }

        return result;
    }
}
