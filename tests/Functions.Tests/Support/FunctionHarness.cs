using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Functions.Support;

/// <summary>
/// One deployed function as Lambda runs it: built with its public wiring constructor over in-memory stores, raw
/// stdout as a MemoryStream and stderr as a StringWriter, invoked through the Stream entry point.
/// </summary>
public sealed class FunctionHarness
{
    private readonly Func<Stream, Task<Stream>> _handle;

    public FunctionHarness(Func<MonitorStores, IMonitorOutput, MonitorOptions, TextWriter, Func<Stream, Task<Stream>>> create, MonitorStores? stores = null)
    {
        Stores = stores ?? MonitorStores.InMemory();
        _handle = create(Stores, new JsonLinesMonitorOutput(Stdout), Options, Errors);
    }

    public MonitorStores Stores { get; }

    public MemoryStream Stdout { get; } = new();

    public StringWriter Errors { get; } = new();

    public MonitorOptions Options { get; } = new() { MetricsNamespace = "AWSBatchMetrics" };

    /// <summary>Invokes the handler with an SQS event and returns the message ids it reported as failed.</summary>
    public async Task<IReadOnlyList<string>> InvokeAsync(string sqsEventJson)
    {
        await using var response = await _handle(new MemoryStream(Encoding.UTF8.GetBytes(sqsEventJson)));
        var node = await JsonNode.ParseAsync(response);
        return node!["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"]!.GetValue<string>()).ToList();
    }

    public Task<IReadOnlyList<string>> InvokeAsync(params JsonObject[] records) => InvokeAsync(PipelineJson.SqsEvent(records));

    public IReadOnlyList<string> Lines() => Encoding.UTF8.GetString(Stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> EmfLines() => Lines().Where(l => JsonNode.Parse(l)!["_aws"] is not null).ToList();

    public IReadOnlyList<JsonObject> InsightLines() => Lines().Select(l => JsonNode.Parse(l)!.AsObject()).Where(n => n["RecordType"]?.GetValue<string>() == JobInsight.InsightRecordType).ToList();

    public IReadOnlyList<MetricObservation> Observations() => EmfLines().SelectMany(MetricObservation.FromLine).ToList();

    public void ShouldWriteOnlyValidEmf()
    {
        foreach (var line in EmfLines())
        {
            EmfValidator.Validate(line).Should().BeEmpty(line);
        }

        Lines().Should().HaveCount(EmfLines().Count + InsightLines().Count, "stdout holds only EMF documents and insight records");
    }

    public async Task<JobRecord?> JobAsync(string jobId) => (await Stores.Jobs.GetAsync(jobId, CancellationToken.None))?.Record;

    public async Task<InstanceRecord?> InstanceAsync(string arn) => (await Stores.Instances.GetAsync(arn, CancellationToken.None))?.Record;

    public int JobCount => ((InMemoryRecordStore<JobRecord>)Stores.Jobs).Count;
}
