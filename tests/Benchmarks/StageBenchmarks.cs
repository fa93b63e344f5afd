using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BenchmarkDotNet.Attributes;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// The Batch job event path cut into its stages, to see where the time and allocations of
/// <see cref="HandlerBenchmarks"/> go: envelope check of the UTF-8 body, typed record read (event and join item in
/// one pass), observation, ledger merge into a fresh record, emissions (EMF documents built), EMF lines written.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private byte[] _body = [];
    private PipelineMessage _message;
    private BatchJobEventRecord _record;
    private InstanceRecord _instance = null!;
    private JobObservation _observation = null!;
    private IReadOnlyList<EmfDocument> _documents = [];
    private static readonly string Namespace = new MonitorOptions().MetricsNamespace;
    private readonly IMonitorOutput _output = HandlerBenchmarks.Output();
    private readonly JobEmissions _emissions = new();
    private readonly JobEmissions _written = new();

    [Params("running", "succeeded")]
    public string Status { get; set; } = "running";

    [GlobalSetup]
    public void Setup()
    {
        _body = System.Text.Encoding.UTF8.GetBytes(EventSamples.JobBody(Status, Guid.NewGuid().ToString()));
        _message = PipelineRecordReader.Parse(_body);
        _record = BatchJobEventReader.Read(_message);
        _instance = _record.Join!.Item!;
        _observation = JobObservations.FromJobEvent(_record.Detail, _record.Time, _instance);
        _documents = _written.Collect(MergeFresh(), Namespace).Documents;
    }

    [Benchmark]
    public PipelineMessage Parse() => PipelineRecordReader.Parse(_body);

    [Benchmark]
    public BatchJobEventRecord Read() => BatchJobEventReader.Read(_message);

    /// <summary>The metadata-driven System.Text.Json read the functions used before <see cref="BatchJobEventReader"/>: for comparison.</summary>
    [Benchmark]
    public PipelineRecord<BatchJobDetail> TypedRead() => _message.Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail);

    [Benchmark]
    public JobObservation Observation() => JobObservations.FromJobEvent(_record.Detail, _record.Time, _instance);

    [Benchmark]
    public JobRecord Merge() => MergeFresh();

    [Benchmark]
    public JobEmissions.Result MergeAndEmissions() => _emissions.Collect(MergeFresh(), Namespace);

    [Benchmark]
    public void WriteEmf()
    {
        foreach (var document in _documents)
        {
            _output.WriteMetrics(document);
        }
    }

    private JobRecord MergeFresh()
    {
        var merged = JobLedger.Merge(null, _observation);
        merged.ExpiresAt = MonitorOptions.ExpiresAt(_observation.StatusAt ?? 0, 90);
        return merged;
    }
}
