using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// Compares a replay's output (jobs.jsonl, summary.json) with the simulator's ground-truth.json: every job field
/// the simulator decided, durations to the second, and every metric total it computed, exactly.
/// </summary>
public static class GroundTruthComparison
{
    private static readonly string[] ExactFields =
    [
        "Status", "JobQueue", "JobDefinition", "ComputeEnvironment", "InstanceId", "InstanceType", "AvailabilityZone",
        "Architecture", "LogStreamName", "ExitCode", "Attempts", "ParentJobId", "ArrayIndex", "JobName",
    ];

    private static readonly string[] DurationFields = ["RunnableSeconds", "StartingSeconds", "RunningSeconds"];

    public static List<string> JobDifferences(string groundTruthPath, string replayDirectory)
    {
        var truth = JsonNode.Parse(File.ReadAllText(groundTruthPath))!["jobs"]!.AsArray();
        var ledger = File.ReadLines(Path.Combine(replayDirectory, "jobs.jsonl"))
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToDictionary(job => job["JobId"]!.GetValue<string>(), StringComparer.Ordinal);
        var differences = new List<string>();
        if (ledger.Count != truth.Count)
        {
            differences.Add($"ledger has {ledger.Count} jobs, ground truth {truth.Count}");
        }

        foreach (var expected in truth.Select(j => j!.AsObject()))
        {
            var id = expected["JobId"]!.GetValue<string>();
            if (!ledger.TryGetValue(id, out var actual))
            {
                differences.Add($"{id}: missing from the ledger");
                continue;
            }

            foreach (var field in ExactFields)
            {
                var want = Text(expected[field]);
                var got = Text(actual[field]);
                if (want != got)
                {
                    differences.Add($"{id}.{field}: expected {want ?? "absent"}, got {got ?? "absent"}");
                }
            }

            foreach (var field in DurationFields)
            {
                var want = Number(expected[field]);
                var got = Number(actual[field]);
                if (want is null != got is null || (want is not null && Math.Abs(want.Value - got!.Value) >= 1))
                {
                    differences.Add($"{id}.{field}: expected {want?.ToString(CultureInfo.InvariantCulture) ?? "absent"}, got {got?.ToString(CultureInfo.InvariantCulture) ?? "absent"}");
                }
            }
        }

        return differences;
    }

    public static List<string> MetricDifferences(string groundTruthPath, string replayDirectory)
    {
        var truth = JsonNode.Parse(File.ReadAllText(groundTruthPath))!["metrics"]!.AsObject();
        var totals = JsonNode.Parse(File.ReadAllText(Path.Combine(replayDirectory, "summary.json")))!["Metrics"]!.AsObject();
        var differences = new List<string>();
        foreach (var (metric, keys) in truth)
        {
            foreach (var (key, value) in keys!.AsObject())
            {
                var want = value!.GetValue<double>();
                var got = totals[metric]?[key]?.GetValue<double>() ?? 0;
                // Counts must match exactly; sums of seconds to the millisecond rounding of each value.
                if (Math.Abs(want - got) > 0.01 + (Math.Abs(want) * 1e-9))
                {
                    differences.Add($"{metric} {key}: expected {want.ToString(CultureInfo.InvariantCulture)}, got {got.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }

        return differences;
    }

    private static string? Text(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null ? null : node.ToJsonString().Trim('"');

    private static double? Number(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null ? null : node.GetValue<double>();
}
