using BatchRuntimeMonitor.Core.Emf;
using BenchmarkDotNet.Attributes;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// <see cref="EmfValidator.Validate(ReadOnlySpan{byte})"/> on the UTF-8 lines the handlers write, as `brm replay`
/// checks each one (local/Brm/Replay/ReplayOutput.cs): a job status line (2 dimension sets, 1 metric, a property, the
/// most common line of a replay), a succeeded job's line (durations under 3 sets), and a 100-metric line (the limit).
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter "*EmfValidatorBenchmarks*" --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class EmfValidatorBenchmarks
{
    private byte[] _line = [];

    [Params("job-status", "job-succeeded", "100-metrics")]
    public string Line { get; set; } = "job-status";

    [GlobalSetup]
    public void Setup()
    {
        var builder = new EmfDocumentBuilder("AWSBatchMetrics", 1_795_132_803_000)
            .Dimension("JobQueue", "high-priority")
            .Dimension("JobDefinition", "image-resize")
            .Dimension("InstanceType", "m5.large")
            .Property("JobId", "b8358130-5146-4236-89cd-05cc67ae291f");
        switch (Line)
        {
            case "job-status":
                builder.Metric("RUNNABLE", "Count", 1, [["JobQueue"], ["JobDefinition"]]);
                break;
            case "job-succeeded":
                builder.Metric("SUCCEEDED", "Count", 1, [["JobQueue"], ["JobDefinition"], ["InstanceType"]])
                    .Metric("RunnableSeconds", "Seconds", 12.5, [["JobQueue"], ["JobDefinition"], ["InstanceType"]])
                    .Metric("StartingSeconds", "Seconds", 31, [["JobQueue"], ["JobDefinition"], ["InstanceType"]])
                    .Metric("RunningSeconds", "Seconds", 842.25, [["JobQueue"], ["JobDefinition"], ["InstanceType"]]);
                break;
            default:
                for (var i = 0; i < EmfLimits.MaxMetricsPerDocument; i++)
                {
                    builder.Metric($"Metric{i:000}", "Count", i, [["JobQueue", "JobDefinition"]]);
                }

                break;
        }

        _line = System.Text.Encoding.UTF8.GetBytes(EmfWriter.ToJson(builder.Build().Single()));
        if (EmfValidator.Validate(_line).Count != 0)
        {
            throw new InvalidOperationException("the benchmark line must be valid: the valid path is what a replay runs");
        }
    }

    [Benchmark]
    public int Validate() => EmfValidator.Validate(_line).Count;
}
