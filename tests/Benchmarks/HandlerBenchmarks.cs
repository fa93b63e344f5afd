using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Lambda;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Sqs;
using BenchmarkDotNet.Attributes;
using InstanceRegistrationFunction = BatchRuntimeMonitor.Functions.InstanceRegistration.Function;
using JobTransitionsFunction = BatchRuntimeMonitor.Functions.JobTransitions.Function;
using RunTaskCallsFunction = BatchRuntimeMonitor.Functions.RunTaskCalls.Function;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// Per-event handler cost on the in-memory store, for each event kind:
/// <list type="bullet">
/// <item>Processor_*: <c>IRecordProcessor.ProcessAsync(PipelineMessage)</c> on a body whose envelope is already checked (the processor reads the typed record);</item>
/// <item>Sqs_*: the Lambda path, <c>Function.Handler.ProcessAsync(SqsEvent)</c> with 10-message batches (body parse,
/// processor, EMF serialisation to a null stream), reported per record.</item>
/// </list>
/// *_Fresh rotates through a pool of pre-generated records with unique ids (job id, instance ARN, CloudTrail event
/// id), so every operation takes the "first time" paths (new ledger record, statuses, durations, EMF); when the pool
/// wraps, the stores are replaced by empty ones so ids stay fresh. *_Duplicate re-applies records the store has
/// already seen (the idempotent no-emission path).
/// Run with a short job: <c>dotnet run -c Release --project tests/Benchmarks -- --filter "*HandlerBenchmarks*" --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class HandlerBenchmarks
{
    private const int PoolRecords = 4096;
    private const int BatchSize = 10;

    private PipelineMessage[] _records = [];
    private int _recordIndex;
    private IRecordProcessor _processor = null!;

    private SqsEvent[] _batches = [];
    private int _batchIndex;
    private SqsFunctionHandler _handler = null!;

    private PipelineMessage[] _duplicates = [];
    private int _duplicateIndex;
    private IRecordProcessor _duplicateProcessor = null!;
    private SqsEvent _duplicateBatch = null!;
    private SqsFunctionHandler _duplicateHandler = null!;

    [Params(
        EventKind.JobRunnable, EventKind.JobStarting, EventKind.JobRunning, EventKind.JobSucceeded, EventKind.JobLifecycle,
        EventKind.TaskStateChange, EventKind.ContainerInstanceStateChange, EventKind.RunTaskCall, EventKind.SubmitJobCall)]
    public EventKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var bodies = new List<string>();
        for (var seed = 0; bodies.Count < PoolRecords; seed++)
        {
            bodies.AddRange(EventSamples.Bodies(Kind, seed));
        }

        _records = bodies.Select(PipelineRecordReader.Parse).ToArray();
        _processor = Processor(Kind, MonitorStores.InMemory());

        var sqsBodies = new List<string>();
        for (var seed = 0; sqsBodies.Count < PoolRecords; seed++)
        {
            sqsBodies.AddRange(EventSamples.Bodies(Kind, seed + 1_000_000));
        }

        _batches = sqsBodies.Chunk(BatchSize).Where(c => c.Length == BatchSize).Select(Batch).ToArray();
        _handler = Handler(Kind, MonitorStores.InMemory());

        // Duplicates: one unit (one record, or the four of a lifecycle) applied once here, then re-applied forever.
        var unit = EventSamples.Bodies(Kind, 2_000_000);
        _duplicates = unit.Select(PipelineRecordReader.Parse).ToArray();
        _duplicateProcessor = Processor(Kind, MonitorStores.InMemory());
        foreach (var record in _duplicates)
        {
            _duplicateProcessor.ProcessAsync(record, default).AsTask().GetAwaiter().GetResult();
        }

        _duplicateBatch = Batch(Enumerable.Range(0, BatchSize).Select(i => unit[i % unit.Count]).ToArray());
        _duplicateHandler = Handler(Kind, MonitorStores.InMemory());
        Check(_duplicateHandler.ProcessAsync(_duplicateBatch, default).GetAwaiter().GetResult());
    }

    [Benchmark]
    public ValueTask Processor_Fresh()
    {
        if (_recordIndex == _records.Length)
        {
            _recordIndex = 0;
            _processor = Processor(Kind, MonitorStores.InMemory());
        }

        return _processor.ProcessAsync(_records[_recordIndex++], default);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task<SqsBatchResponse> Sqs_Fresh()
    {
        if (_batchIndex == _batches.Length)
        {
            _batchIndex = 0;
            _handler = Handler(Kind, MonitorStores.InMemory());
        }

        return _handler.ProcessAsync(_batches[_batchIndex++], default);
    }

    [Benchmark]
    public ValueTask Processor_Duplicate()
    {
        if (_duplicateIndex == _duplicates.Length)
        {
            _duplicateIndex = 0;
        }

        return _duplicateProcessor.ProcessAsync(_duplicates[_duplicateIndex++], default);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task<SqsBatchResponse> Sqs_Duplicate() => _duplicateHandler.ProcessAsync(_duplicateBatch, default);

    internal static IMonitorOutput Output() => new JsonLinesMonitorOutput(Stream.Null);

    internal static IRecordProcessor Processor(EventKind kind, MonitorStores stores) => kind switch
    {
        EventKind.TaskStateChange or EventKind.RunTaskCall => new TaskEventsProcessor(stores, Output(), new MonitorOptions(), TextWriter.Null),
        EventKind.ContainerInstanceStateChange => new InstanceRegistrationProcessor(stores, Output(), new MonitorOptions(), TextWriter.Null),
        _ => new JobEventsProcessor(stores, Output(), new MonitorOptions(), TextWriter.Null),
    };

    /// <summary>The functions' own composition (their test constructor), with the in-memory stores.</summary>
    internal static SqsFunctionHandler Handler(EventKind kind, MonitorStores stores) => kind switch
    {
        EventKind.TaskStateChange or EventKind.RunTaskCall => new RunTaskCallsFunction(stores, Output(), new MonitorOptions(), FailingWriter.Instance).Handler,
        EventKind.ContainerInstanceStateChange => new InstanceRegistrationFunction(stores, Output(), new MonitorOptions(), FailingWriter.Instance).Handler,
        _ => new JobTransitionsFunction(stores, Output(), new MonitorOptions(), FailingWriter.Instance).Handler,
    };

    internal static SqsEvent Batch(IReadOnlyList<string> bodies) => new()
    {
        Records = bodies.Select((body, i) => new SqsMessage { MessageId = $"m{i}", Body = body, EventSourceArn = "arn:aws:sqs:us-east-1:123456789012:JobEventsQueue" }).ToArray(),
    };

    private static void Check(SqsBatchResponse response)
    {
        if (response.BatchItemFailures.Count > 0)
        {
            throw new InvalidOperationException($"{response.BatchItemFailures.Count} records failed: the benchmark input is wrong");
        }
    }

    /// <summary>A record that fails would make the benchmark measure the error path: stop instead.</summary>
    private sealed class FailingWriter : TextWriter
    {
        public static readonly FailingWriter Instance = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override Task WriteLineAsync(string? value) => throw new InvalidOperationException("benchmark record failed: " + value);
    }
}
