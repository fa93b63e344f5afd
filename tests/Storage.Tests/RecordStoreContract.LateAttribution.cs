using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Storage;

/// <summary>
/// Late attribution over each store: the waiting list on the instances item, and the race between a job's writer
/// and the registration decided by the store's conditional write.
/// </summary>
public abstract partial class RecordStoreContract
{
    /// <summary>The instance the calcloud FAILED sample ran on.</summary>
    private const string SampleInstance = "arn:aws:ecs:us-east-1:xxxxxxxxxxxx:container-instance/calcloud-hst-02g-test20211104212201200000000004_Batch_19bef41a-8430-35fb-b7f9-c71086490373/a80d33eed4924de19ff836f13bc01799";

    [Fact]
    public async Task A_placeholder_keeps_its_waiting_jobs_and_its_item_names_no_InstanceType()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var arn = Arn + Guid.NewGuid().ToString("N");
        var placeholder = new InstanceRecord
        {
            ContainerInstanceArn = arn,
            AwaitingJobs = new SortedSet<string>(["job-b", "job-a:7", "job-c#2"], StringComparer.Ordinal),
            AwaitingOverflow = 2,
            ExpiresAt = 1_762_592_000,
        };

        (await stores.Instances.TryWriteAsync(arn, placeholder, 0, default)).Should().BeTrue();
        var stored = (await stores.Instances.GetAsync(arn, default))!.Value.Record;
        var raw = (await RawInstanceItemAsync(stores, arn))!;

        stored.Should().BeEquivalentTo(placeholder);
        stored.IsPlaceholder.Should().BeTrue();
        raw.ContainsKey("InstanceType").Should().BeFalse("the state machines' join tests $.lookup.Item.InstanceType, so it keeps waiting");
        raw["AwaitingJobs"]!["SS"]!.AsArray().Select(v => v!.GetValue<string>()).Should().BeEquivalentTo(["job-a:7", "job-b", "job-c#2"]);
        raw["AwaitingOverflow"]!["N"]!.GetValue<string>().Should().Be("2");
    }

    [Fact]
    public async Task A_full_waiting_list_of_the_longest_job_ids_is_stored_and_read_back_whole()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var record = FullInstance(Arn + Guid.NewGuid().ToString("N"));
        record.InstanceType = null;
        record.AwaitingJobs = new SortedSet<string>(
            Enumerable.Range(0, AwaitingJobList.Limit).Select(i => $"{Guid.NewGuid()}:{i % 10_000}#{i % 100}"), StringComparer.Ordinal);

        (await stores.Instances.TryWriteAsync(record.ContainerInstanceArn, record, 0, default)).Should().BeTrue();

        (await stores.Instances.GetAsync(record.ContainerInstanceArn, default))!.Value.Record.AwaitingJobs.Should().BeEquivalentTo(record.AwaitingJobs);
    }

    [Fact]
    public async Task Registration_that_wins_the_race_with_a_jobs_placeholder_write_still_gets_the_job_attributed()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var job = LateJob();
        var arn = job.Detail["container"]!["containerInstanceArn"]!.GetValue<string>();

        // Between the job writer's read (nothing there) and its placeholder write, the registration is stored.
        var racing = new InterferingStore<InstanceRecord>(stores.Instances, interferences: 1, current => InstanceRegistry.Merge(current, Registered(arn)));
        var output = new CollectingOutput();
        var errors = new StringWriter();
        var processor = new JobEventsProcessor(stores with { Instances = racing }, output, new MonitorOptions(), errors);

        await processor.ProcessAsync(job.Record, default);

        racing.Interfered.Should().Be(1);
        var attempt = (await stores.Jobs.GetAsync(job.JobId, default))!.Value.Record.Attempts.Should().ContainSingle().Subject;
        attempt.InstanceType.Should().Be("m5.2xlarge", "the job's writer lost the conditional write, re-read the registered record and attributed the job itself");
        attempt.AvailabilityZone.Should().Be("us-east-1c");
        (await stores.Instances.GetAsync(arn, default))!.Value.Record.AwaitingJobs.Should().BeNull();
        output.Directives.Where(d => d.Metrics.Contains(JobStatus.Failed))
            .SelectMany(d => d.DimensionSets).Count(set => set.SequenceEqual(["InstanceType"])).Should().Be(1, "FAILED is counted once in the InstanceType set");
        errors.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Registration_after_the_jobs_events_attributes_the_stored_ledger_and_clears_the_waiting_list()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var job = LateJob();
        var arn = job.Detail["container"]!["containerInstanceArn"]!.GetValue<string>();
        var output = new CollectingOutput();
        await new JobEventsProcessor(stores, output, new MonitorOptions(), TextWriter.Null).ProcessAsync(job.Record, default);
        (await stores.Instances.GetAsync(arn, default))!.Value.Record.AwaitingJobs.Should().Equal(job.JobId);

        var registration = PipelineRecordReader.Parse(new JsonObject
        {
            ["schema"] = PipelineSchema.Current,
            ["kind"] = RecordKind.ContainerInstanceStateChange,
            ["event"] = ContainerInstanceActive(arn),
        }.ToJsonString());
        await new InstanceRegistrationProcessor(stores, output, new MonitorOptions(), TextWriter.Null).ProcessAsync(registration, default);

        var stored = (await stores.Jobs.GetAsync(job.JobId, default))!.Value.Record;
        stored.Attempts.Single().InstanceType.Should().Be("m5.2xlarge");
        stored.Emitted.Should().Contain(EmissionKeys.InSet(EmissionKeys.Status(JobStatus.Failed), ["InstanceType"]));
        var instance = (await stores.Instances.GetAsync(arn, default))!.Value;
        instance.Record.AwaitingJobs.Should().BeNull();
        instance.Record.InstanceType.Should().Be("m5.2xlarge");
    }

    /// <summary>The calcloud FAILED sample under a fresh job id, as sent when the join gave up waiting.</summary>
    private static (string JobId, JsonObject Detail, PipelineMessage Record) LateJob()
    {
        var @event = JsonNode.Parse(SharedEvents.Read("batch-job/calcloud-failed-operator-cancelled.json"))!.AsObject();
        var jobId = Guid.NewGuid().ToString();
        var arn = SampleInstance + Guid.NewGuid().ToString("N")[..4];
        var detail = @event["detail"]!.AsObject();
        detail["jobId"] = jobId;
        detail["container"]!["containerInstanceArn"] = arn;
        foreach (var attempt in detail["attempts"]!.AsArray())
        {
            attempt!["container"]!["containerInstanceArn"] = arn;
        }

        var record = new JsonObject
        {
            ["schema"] = PipelineSchema.Current,
            ["kind"] = RecordKind.JobStateChange,
            ["event"] = @event,
            ["join"] = new JsonObject { ["containerInstanceArn"] = arn, ["found"] = false, ["attempts"] = 3 },
        };
        return (jobId, detail, PipelineRecordReader.Parse(record.ToJsonString()));
    }

    private static InstanceObservation Registered(string arn) => new(arn)
    {
        Ec2InstanceId = "i-0a80d33eed4924de1",
        InstanceType = "m5.2xlarge",
        AvailabilityZone = "us-east-1c",
        RegisteredAt = 1_636_131_540_000,
    };

    private static JsonObject ContainerInstanceActive(string arn)
    {
        var @event = JsonNode.Parse(SharedEvents.Read("ecs-container-instance/awsdocs-ecs-container-instance-2016.json"))!.AsObject();
        var detail = @event["detail"]!.AsObject();
        detail["containerInstanceArn"] = arn;
        detail["clusterArn"] = "arn:aws:ecs:us-east-1:xxxxxxxxxxxx:cluster/" + arn.Split('/')[1];
        detail["ec2InstanceId"] = "i-0a80d33eed4924de1";
        detail["attributes"]!.AsArray().Add(new JsonObject { ["name"] = "ecs.instance-type", ["value"] = "m5.2xlarge" });
        detail["attributes"]!.AsArray().Add(new JsonObject { ["name"] = "ecs.availability-zone", ["value"] = "us-east-1c" });
        return @event;
    }

    /// <summary>Keeps each directive's metric names and dimension sets: a document is only valid during the call.</summary>
    private sealed class CollectingOutput : IMonitorOutput
    {
        public List<(string[] Metrics, string[][] DimensionSets)> Directives { get; } = [];

        public void WriteMetrics(EmfDocument document) =>
            Directives.AddRange(document.Directives.Select(d => (d.Metrics.Select(m => m.Name).ToArray(), d.DimensionSets.Select(set => set.ToArray()).ToArray())));

        public void WriteInsight(JobInsight insight)
        {
        }
    }
}
