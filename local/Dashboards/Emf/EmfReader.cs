using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Emf;

/// <summary>
/// Turns CloudWatch Embedded Metric Format documents into datapoints the way CloudWatch Logs extracts them:
/// one datapoint per metric per dimension set of the directive; a set with a missing dimension value is skipped,
/// and an array of values gives one datapoint per value.
/// </summary>
public static class EmfReader
{
    /// <param name="skipped">Told of each line that is no EMF document (its 1-based number and why): CloudWatch Logs
    /// keeps such a line as a log event and extracts no metric from it, and so does the page.</param>
    public static IReadOnlyList<MetricDatapoint> ReadFile(string path, Action<long, string>? skipped = null) =>
        File.Exists(path) ? ReadLines(File.ReadLines(path), skipped) : [];

    public static IReadOnlyList<MetricDatapoint> ReadLines(IEnumerable<string> lines, Action<long, string>? skipped = null)
    {
        var result = new List<MetricDatapoint>();
        var number = 0L;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                result.AddRange(ReadDocument(line));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                // Not JSON, or a directive without Namespace or Metrics: no metric, as CloudWatch would extract none.
                if (skipped is null)
                {
                    throw;
                }

                skipped(number, e.Message);
            }
        }

        return result;
    }

    public static IReadOnlyList<MetricDatapoint> ReadDocument(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("_aws", out var aws) || !aws.TryGetProperty("CloudWatchMetrics", out var directives))
        {
            return [];
        }

        var timestamp = aws.TryGetProperty("Timestamp", out var ts) && ts.TryGetInt64(out var ms) ? ms : 0L;
        var result = new List<MetricDatapoint>();
        foreach (var directive in directives.EnumerateArray())
        {
            var ns = directive.GetProperty("Namespace").GetString() ?? "";
            var dimensionSets = directive.TryGetProperty("Dimensions", out var sets)
                ? sets.EnumerateArray().Select(s => s.EnumerateArray().Select(d => d.GetString() ?? "").ToList()).ToList()
                : [[]];
            foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            {
                var name = metric.GetProperty("Name").GetString() ?? "";
                var unit = metric.TryGetProperty("Unit", out var u) ? u.GetString() ?? "None" : "None";
                if (!root.TryGetProperty(name, out var valueElement))
                {
                    continue;
                }

                var values = Values(valueElement);
                foreach (var set in dimensionSets)
                {
                    var dimensions = Dimensions(root, set);
                    if (dimensions is null)
                    {
                        continue;
                    }

                    var identity = new MetricIdentity(ns, name, dimensions);
                    result.AddRange(values.Select(v => new MetricDatapoint(identity, timestamp, v, unit)));
                }
            }
        }

        return result;
    }

    private static List<KeyValuePair<string, string>>? Dimensions(JsonElement root, IReadOnlyList<string> set)
    {
        var dimensions = new List<KeyValuePair<string, string>>();
        foreach (var name in set)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
            {
                return null;
            }

            dimensions.Add(new(name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
        }

        return dimensions;
    }

    private static List<double> Values(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element.GetDouble()],
        JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetDouble()).ToList(),
        _ => [],
    };
}
