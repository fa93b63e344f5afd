using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Dashboards.Support;

/// <summary>
/// Writes a small hand-made replay directory (emf.jsonl, insights.jsonl, summary.json and optionally stand-in
/// AWS metrics) whose summary totals are counted independently of the renderer, to compare with the page.
/// </summary>
public sealed class SampleReplay : IDisposable
{
    public const string Namespace = "AWSBatchMetrics";

    /// <summary>2026-11-01T00:00:00Z, an exact multiple of every CloudWatch period.</summary>
    public const long StartMs = 1_793_491_200_000;

    private readonly Dictionary<string, Dictionary<string, double>> _totals = new();
    private readonly List<string> _emf = new();
    private readonly List<string> _insights = new();

    /// <summary>A reason AWS Batch gives (long enough to push a table's later columns out of view if nothing cuts it).</summary>
    public const string LongReason = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.";

    public SampleReplay(bool withSimulatedAwsMetrics = false)
    {
        Directory = Path.Combine(Path.GetTempPath(), "brm-dash-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var queues = new[] { "q-high", "q-low" };
        var types = new[] { "m5.large", "c5.xlarge", "m6g.large" };
        for (var job = 0; job < 24; job++)
        {
            var queue = queues[job % 2];
            var type = types[job % 3];
            var definition = job % 4 == 0 ? "render" : "etl";
            var created = StartMs + (job * 150_000L);
            var running = 30 + (job * 7.5);
            var failed = job % 5 == 0;
            Emit(created, "SUBMITTED", "Count", 1, [["JobQueue"], ["JobDefinition"]], ("JobQueue", queue), ("JobDefinition", definition));
            Emit(created + 60_000, "RUNNING", "Count", 1, [["JobQueue"], ["InstanceType"]], ("JobQueue", queue), ("InstanceType", type));
            Emit(created + 60_000 + (long)(running * 1000), failed ? "FAILED" : "SUCCEEDED", "Count", 1, [["JobQueue"]], ("JobQueue", queue));
            Emit(created + 60_000 + (long)(running * 1000), "RunningSeconds", "Seconds", running, [["JobQueue"], ["InstanceType"]], ("JobQueue", queue), ("InstanceType", type));
            _insights.Add(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["RecordType"] = "JobInsight",
                ["@timestamp"] = created + 60_000 + (long)(running * 1000),
                ["JobName"] = $"job-{job}",
                ["JobId"] = $"id-{job:D4}",
                ["JobQueue"] = queue,
                ["JobDefinition"] = definition + ":3",
                ["Status"] = failed ? "FAILED" : "SUCCEEDED",
                ["StatusReason"] = failed ? (job == 10 ? LongReason : "Essential container in task exited") : null,
                ["ExitCode"] = failed ? 1 : 0,
                ["InstanceType"] = type,
                ["Attempts"] = 1,
                ["RunnableSeconds"] = 10 + job,
                ["RunningSeconds"] = running,
            }));
        }

        Write("emf.jsonl", _emf);
        Write("insights.jsonl", _insights);
        File.WriteAllText(Path.Combine(Directory, "summary.json"), JsonSerializer.Serialize(_totals));
        if (withSimulatedAwsMetrics)
        {
            var lines = Enumerable.Range(0, 12).Select(i => JsonSerializer.Serialize(new
            {
                @namespace = "AWS/AutoScaling",
                name = "GroupInServiceInstances",
                dimensions = new Dictionary<string, string> { ["AutoScalingGroupName"] = "asg-ce-1" },
                timestamp = StartMs + (i * 300_000L),
                value = 2 + (i % 4),
            }));
            Write("simulated-aws-metrics.jsonl", lines);
        }
    }

    public string Directory { get; }

    public IReadOnlyDictionary<string, Dictionary<string, double>> Totals => _totals;

    public static JsonObject ReadSummary(string directory) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!.AsObject();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A browser may still hold the page open; a leftover temp folder is harmless.
        }
    }

    private void Emit(long timestamp, string metric, string unit, double value, string[][] dimensionSets, params (string Name, string Value)[] dimensions)
    {
        var document = new JsonObject
        {
            ["_aws"] = new JsonObject
            {
                ["Timestamp"] = timestamp,
                ["CloudWatchMetrics"] = new JsonArray(new JsonObject
                {
                    ["Namespace"] = Namespace,
                    ["Dimensions"] = new JsonArray(dimensionSets.Select(s => (JsonNode)new JsonArray(s.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray())).ToArray()),
                    ["Metrics"] = new JsonArray(new JsonObject { ["Name"] = metric, ["Unit"] = unit }),
                }),
            },
            [metric] = value,
        };
        foreach (var (name, dimensionValue) in dimensions)
        {
            document[name] = dimensionValue;
        }

        _emf.Add(document.ToJsonString());
        foreach (var set in dimensionSets)
        {
            var key = string.Join(",", set.Select(d => d + "=" + dimensions.First(x => x.Name == d).Value));
            if (!_totals.TryGetValue(metric, out var byKey))
            {
                _totals[metric] = byKey = new Dictionary<string, double>();
            }

            byKey[key] = byKey.GetValueOrDefault(key) + value;
        }
    }

    private void Write(string name, IEnumerable<string> lines) =>
        File.WriteAllLines(Path.Combine(Directory, name), lines);

    public static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture);
}
