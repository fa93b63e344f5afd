using System.Globalization;
using System.Text.Json;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>Captures what a processor writes, as the JSON lines CloudWatch would receive.</summary>
public sealed class RecordingOutput : IMonitorOutput
{
    public List<string> EmfLines { get; } = [];

    public List<JobInsight> Insights { get; } = [];

    public void WriteMetrics(EmfDocument document) => EmfLines.Add(EmfWriter.ToJson(document));

    /// <summary>A copy: the writer reuses its insight record after the call.</summary>
    public void WriteInsight(JobInsight insight) =>
        Insights.Add(JsonSerializer.Deserialize(JsonSerializer.Serialize(insight, CoreJsonContext.Default.JobInsight), CoreJsonContext.Default.JobInsight)!);

    public IReadOnlyList<MetricObservation> Observations() => EmfLines.SelectMany(MetricObservation.FromLine).ToList();
}

/// <summary>
/// One value CloudWatch extracts from an EMF line: a metric under one dimension set with its values
/// (the unit of the totals in docs/metrics.md).
/// </summary>
public sealed record MetricObservation(string Metric, string Dimensions, string Unit, double Value, long Timestamp)
{
    public string Key => Dimensions.Length == 0 ? Metric : $"{Metric}|{Dimensions}";

    public static IEnumerable<MetricObservation> FromLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var timestamp = root.GetProperty("_aws").GetProperty("Timestamp").GetInt64();
        var result = new List<MetricObservation>();
        foreach (var directive in root.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray())
        {
            foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            {
                var name = metric.GetProperty("Name").GetString()!;
                var unit = metric.TryGetProperty("Unit", out var u) ? u.GetString()! : "None";
                var value = root.GetProperty(name).GetDouble();
                foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
                {
                    var dims = string.Join(',', set.EnumerateArray().Select(d => $"{d.GetString()}={root.GetProperty(d.GetString()!).GetString()}"));
                    result.Add(new MetricObservation(name, dims, unit, value, timestamp));
                }
            }
        }

        return result;
    }

    /// <summary>Totals per metric and dimension values: counts summed, seconds summed (rounded to the millisecond).</summary>
    public static SortedDictionary<string, string> Totals(IEnumerable<MetricObservation> observations)
    {
        var totals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in observations.GroupBy(o => o.Key))
        {
            totals[group.Key] = $"n={group.Count()} sum={Math.Round(group.Sum(o => o.Value), 3).ToString(CultureInfo.InvariantCulture)}";
        }

        return totals;
    }
}
