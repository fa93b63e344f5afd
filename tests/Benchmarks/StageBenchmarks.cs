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
/// <see cref="HandlerBenchmarks"/> go: SQS body parse, typed event read, join item read, observation, ledger merge
/// into a fresh record, emissions (EMF documents built), EMF lines written.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private string _body = "";
    private PipelineRecord _record = null!;
    private EventBridgeEvent<BatchJobDetail> _event = null!;
    private InstanceRecord _instance = null!;
    private JobObservation _observation = null!;
    private IReadOnlyList<EmfDocument> _documents = [];
    private static readonly string Namespace = new MonitorOptions().MetricsNamespace;
    private readonly IMonitorOutput _output = HandlerBenchmarks.Output();

    [Params("running", "succeeded")]
    public string Status { get; set; } = "running";

    [GlobalSetup]
    public void Setup()
    {
        _body = EventSamples.JobBody(Status, Guid.NewGuid().ToString());
        _record = PipelineRecordReader.Parse(_body);
        _event = PipelineRecordReader.ReadEvent(_record, CoreJsonContext.Default.EventBridgeEventBatchJobDetail);
        _instance = InstanceItemMapping.FromItem(_record.Join!.Item)!;
        _observation = JobObservations.FromJobEvent(_event, _instance);
        _documents = JobEmissions.Collect(MergeFresh(), Namespace).Documents;
    }

    [Benchmark]
    public PipelineRecord Parse() => PipelineRecordReader.Parse(_body);

    [Benchmark]
    public EventBridgeEvent<BatchJobDetail> ReadEvent() => PipelineRecordReader.ReadEvent(_record, CoreJsonContext.Default.EventBridgeEventBatchJobDetail);

    [Benchmark]
    public InstanceRecord? JoinItem() => InstanceItemMapping.FromItem(_record.Join!.Item);

    [Benchmark]
    public JobObservation Observation() => JobObservations.FromJobEvent(_event, _instance);

    [Benchmark]
    public JobRecord Merge() => MergeFresh();

    [Benchmark]
    public JobEmissions.Result MergeAndEmissions() => JobEmissions.Collect(MergeFresh(), Namespace);

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
