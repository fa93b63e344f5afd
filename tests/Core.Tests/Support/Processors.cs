using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>The three record processors over one in-memory store set, as one function deployment sees them.</summary>
public sealed class Processors
{
    public Processors(MonitorOptions? options = null)
    {
        Options = options ?? new MonitorOptions();
        Instances = new InstanceRegistrationProcessor(Stores, Output, Options, Errors);
        Tasks = new TaskEventsProcessor(Stores, Output, Options, Errors);
        Jobs = new JobEventsProcessor(Stores, Output, Options, Errors);
        Asg = new AsgEventsProcessor(Stores, Output, Options, Errors);
    }

    public MonitorStores Stores { get; } = MonitorStores.InMemory();

    public RecordingOutput Output { get; } = new();

    public StringWriter Errors { get; } = new();

    public MonitorOptions Options { get; }

    public InstanceRegistrationProcessor Instances { get; }

    public TaskEventsProcessor Tasks { get; }

    public JobEventsProcessor Jobs { get; }

    public AsgEventsProcessor Asg { get; }

    public async Task ApplyAsync(JsonObject pipelineRecord)
    {
        var record = PipelineRecordReader.Parse(pipelineRecord.ToJsonString());
        IRecordProcessor processor = record.Kind switch
        {
            RecordKind.ContainerInstanceStateChange or RecordKind.RegisterContainerInstanceCall or RecordKind.DeregisterContainerInstanceCall => Instances,
            RecordKind.RunTaskCall or RecordKind.TaskStateChange => Tasks,
            RecordKind.AsgCreated => Asg,
            _ => Jobs,
        };
        await processor.ProcessAsync(record, CancellationToken.None);
    }

    public JobRecord? Job(string jobId) => ((InMemoryRecordStore<JobRecord>)Stores.Jobs).TryGet(jobId, out var job) ? job : null;

    public InstanceRecord? Instance(string arn) => ((InMemoryRecordStore<InstanceRecord>)Stores.Instances).TryGet(arn, out var instance) ? instance : null;

    public string JobJson(string jobId) => JsonSerializer.Serialize(Job(jobId), BatchRuntimeMonitor.Core.Json.CoreJsonContext.Default.JobRecord);
}
