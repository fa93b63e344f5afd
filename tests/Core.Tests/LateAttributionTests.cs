using System.Globalization;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Tests.Core.Support;
using FsCheck;
using FsCheck.Fluent;
using static BatchRuntimeMonitor.Tests.Core.Support.Delivery;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// A job whose every event was processed before its container instance registered (each join gave up waiting)
/// ends attributed in the ledger, and its InstanceType / AvailabilityZone / Architecture sets counted once, by the
/// registration itself: no later job event is needed.
/// </summary>
public class LateAttributionTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(100);

    /// <summary>The sample FAILED job ran on this instance (an old `_Batch_` cluster name).</summary>
    private const string SampleInstance = "arn:aws:ecs:us-east-1:xxxxxxxxxxxx:container-instance/calcloud-hst-02g-test20211104212201200000000004_Batch_19bef41a-8430-35fb-b7f9-c71086490373/a80d33eed4924de19ff836f13bc01799";

    private static Arbitrary<(int Scenario, int Delivery, int Jobs)> Seeds() =>
        (from scenario in Gen.Choose(0, int.MaxValue - 1)
         from delivery in Gen.Choose(0, int.MaxValue - 1)
         from jobs in Gen.Choose(1, 4)
         select (scenario, delivery, jobs)).ToArbitrary();

    [Fact]
    public void Registration_last_gives_the_ledger_and_the_metrics_of_registration_first_with_the_same_timestamps()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var jobEvents = scenario.RecordsWithJoinsGivenUp();
            var first = Replay([.. scenario.Registrations(), .. jobEvents]);
            var last = Replay([.. jobEvents, .. scenario.Registrations()]);

            foreach (var jobId in scenario.JobIds)
            {
                JsonDiff.Differences(first.JobJson(jobId), last.JobJson(jobId)).Should().BeEmpty($"seeds {seeds}: job {jobId}");
            }

            // Every observation, its value and its timestamp: the late counts are stamped with the job's own times.
            // (JobsPlaced is stamped with the attempt's start when that is known when it is counted, else with the
            // job's first status time, in any order of delivery: its timestamp is left out.)
            var expected = Observations(first);
            var actual = Observations(last);
            actual.Should().Equal(expected, $"seeds {seeds}; missing: {Missing(expected, actual)}; extra: {Missing(actual, expected)}");
            foreach (var arn in scenario.Instances.Select(i => i.ContainerInstanceArn))
            {
                last.Instance(arn)!.AwaitingJobs.Should().BeNull($"seeds {seeds}: every waiting job was released");
            }

            last.Errors.ToString().Should().BeEmpty();
        }));
    }

    [Fact]
    public void Registration_anywhere_with_duplicates_gives_the_ledger_and_the_counts_of_registration_first()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seeds =>
        {
            var scenario = JobScenario.Generate(seeds.Scenario, seeds.Jobs);
            var records = new List<JsonObject>([.. scenario.Registrations(), .. scenario.RecordsWithJoinsGivenUp()]);
            var first = Replay(records);
            var shuffled = Replay(Deliver(records, seeds.Delivery));

            foreach (var jobId in scenario.JobIds)
            {
                JsonDiff.Differences(OrderIndependenceProperties.WithoutFirstKnownDurations(first.JobJson(jobId)), OrderIndependenceProperties.WithoutFirstKnownDurations(shuffled.JobJson(jobId)))
                    .Should().BeEmpty($"seeds {seeds}: job {jobId}");
            }

            JsonDiff.Differences(OrderIndependenceProperties.Summary(first), OrderIndependenceProperties.Summary(shuffled)).Should().BeEmpty($"seeds {seeds}");
            shuffled.Output.Insights.Select(i => i.JobId).Should().BeEquivalentTo(first.Output.Insights.Select(i => i.JobId), "never a second insight record");
        }));
    }

    [Fact]
    public async Task Late_registration_counts_each_instance_set_exactly_once_at_the_status_time()
    {
        var evt = PipelineJson.SharedEvent("batch-job/calcloud-failed-operator-cancelled.json");
        var failedAt = PipelineJson.EpochMs(evt["time"]!.GetValue<string>());
        var run = new Processors();
        await run.ApplyAsync(GaveUp(evt));

        var job = run.Job(JobIdOf(evt))!;
        job.Attempts.Should().ContainSingle().Which.InstanceType.Should().BeNull();
        run.Instance(SampleInstance)!.AwaitingJobs.Should().Equal(JobIdOf(evt));
        run.Instance(SampleInstance)!.IsPlaceholder.Should().BeTrue();
        var before = run.Output.Observations().Count;

        await run.ApplyAsync(JobScenario.Registration(SampleInstanceRecord()));

        var attempt = run.Job(JobIdOf(evt))!.Attempts.Single();
        attempt.InstanceType.Should().Be("m5.2xlarge");
        attempt.AvailabilityZone.Should().Be("us-east-1c");
        attempt.Architecture.Should().Be("x86_64");
        attempt.InstanceId.Should().Be("i-0a80d33eed4924de1");
        run.Instance(SampleInstance)!.AwaitingJobs.Should().BeNull();

        var late = run.Output.Observations().Skip(before).Where(o => !o.Metric.EndsWith("ContainerInstance", StringComparison.Ordinal)).ToList();
        late.Select(o => o.Key).Should().BeEquivalentTo(
        [
            "FAILED|InstanceType=m5.2xlarge", "FAILED|AvailabilityZone=us-east-1c",
            "JobsPlaced|InstanceType=m5.2xlarge", "JobsPlaced|AvailabilityZone=us-east-1c",
            "RunningSeconds|InstanceType=m5.2xlarge", "RunningSeconds|Architecture=x86_64",
        ]);
        late.Where(o => o.Metric == "FAILED").Should().HaveCount(2).And.OnlyContain(o => o.Timestamp == failedAt, "the FAILED count keeps the event's own time");
        late.Single(o => o.Key == "JobsPlaced|InstanceType=m5.2xlarge").Timestamp.Should().Be(attempt.StartedAt!.Value, "placement is stamped with the attempt's start");
        late.Single(o => o.Key == "RunningSeconds|Architecture=x86_64").Value.Should().Be(JobDurations.Seconds(JobDurations.RunningMs(run.Job(JobIdOf(evt))!)));
        run.Output.Insights.Should().ContainSingle("the insight was written at FAILED and is never written again");
        run.Output.Insights[0].InstanceType.Should().BeNull("it was written before the instance was known (docs/architecture.md)");

        // Everything again, in both orders: nothing new.
        var lines = run.Output.EmfLines.Count;
        var ledger = run.JobJson(JobIdOf(evt));
        await run.ApplyAsync(JobScenario.Registration(SampleInstanceRecord()));
        await run.ApplyAsync(GaveUp(evt));
        await run.ApplyAsync(JobScenario.Registration(SampleInstanceRecord()));
        run.Output.EmfLines.Should().HaveCount(lines);
        run.JobJson(JobIdOf(evt)).Should().Be(ledger);
        run.Instance(SampleInstance)!.AwaitingJobs.Should().BeNull("an attributed job does not wait again");
    }

    [Fact]
    public async Task Deregistration_before_registration_keeps_the_jobs_waiting_and_counts_each_instance_metric_once()
    {
        var evt = PipelineJson.SharedEvent("batch-job/calcloud-failed-operator-cancelled.json");
        var instance = SampleInstanceRecord();
        var run = new Processors();
        await run.ApplyAsync(GaveUp(evt));
        await run.ApplyAsync(WithoutType(JobScenario.Deregistration(instance, PipelineJson.EpochMs("2021-11-05T18:00:00Z"))));

        run.Instance(SampleInstance)!.AwaitingJobs.Should().Equal([JobIdOf(evt)], "a deregistration that does not name the type attributes nothing");
        run.Instance(SampleInstance)!.IsPlaceholder.Should().BeFalse();

        await run.ApplyAsync(JobScenario.Registration(instance));

        run.Job(JobIdOf(evt))!.Attempts.Single().InstanceType.Should().Be("m5.2xlarge");
        run.Instance(SampleInstance)!.AwaitingJobs.Should().BeNull();
        var keys = run.Output.Observations().Select(o => o.Key).ToList();
        keys.Where(k => k.StartsWith("RegisterContainerInstance|", StringComparison.Ordinal)).Should().OnlyHaveUniqueItems()
            .And.Contain("RegisterContainerInstance|InstanceType=m5.2xlarge");
        keys.Where(k => k.StartsWith("DeregisterContainerInstance|", StringComparison.Ordinal)).Should().OnlyHaveUniqueItems()
            .And.Contain("DeregisterContainerInstance|InstanceType=m5.2xlarge");
        keys.Count(k => k == "FAILED|InstanceType=m5.2xlarge").Should().Be(1);
    }

    [Fact]
    public async Task A_full_waiting_list_counts_the_overflow_reports_it_and_attributes_the_jobs_it_kept()
    {
        var run = new Processors();
        var sample = PipelineJson.SharedEvent("batch-job/calcloud-failed-operator-cancelled.json");
        var jobIds = Enumerable.Range(0, AwaitingJobList.Limit + 1).Select(i => $"00000000-0000-0000-0000-{i:D12}").ToList();
        foreach (var jobId in jobIds)
        {
            await run.ApplyAsync(GaveUp(WithJobId(sample, jobId)));
        }

        var placeholder = run.Instance(SampleInstance)!;
        placeholder.AwaitingJobs.Should().HaveCount(AwaitingJobList.Limit);
        placeholder.AwaitingOverflow.Should().Be(1);
        run.Errors.ToString().Should().Contain(jobIds[^1]).And.Contain("stays unattributed");

        await run.ApplyAsync(JobScenario.Registration(SampleInstanceRecord()));

        jobIds.Take(AwaitingJobList.Limit).Should().OnlyContain(id => run.Job(id)!.Attempts.Single().InstanceType == "m5.2xlarge");
        run.Job(jobIds[^1])!.Attempts.Single().InstanceType.Should().BeNull("its id was not kept: counted, not lost silently");
        run.Output.Observations().Count(o => o.Key == "FAILED|InstanceType=m5.2xlarge").Should().Be(AwaitingJobList.Limit);
        var released = run.Instance(SampleInstance)!;
        released.AwaitingJobs.Should().BeNull();
        released.AwaitingOverflow.Should().Be(1, "the loss stays on the record");
        run.Errors.ToString().Should().Contain("registered with 1 job observations that found its waiting list full");
    }

    [Fact]
    public async Task Registration_written_between_the_job_writers_read_and_write_makes_the_job_writer_attribute_it_itself()
    {
        var instances = SnapshotStore<InstanceRecord>.Instances();
        var stores = new MonitorStores(instances, SnapshotStore<JobRecord>.Jobs(), new InMemoryRecordStore<EventMarker>());
        var output = new RecordingOutput();
        var errors = new StringWriter();
        var registration = new InstanceRegistrationProcessor(stores, output, new MonitorOptions(), errors);
        var jobs = new JobEventsProcessor(stores, output, new MonitorOptions(), errors);
        var evt = PipelineJson.SharedEvent("batch-job/calcloud-failed-operator-cancelled.json");

        // The job's writer read "no record" and is about to create the placeholder: the registration lands first.
        instances.BeforeNextWrite = () => registration.ProcessAsync(Parse(JobScenario.Registration(SampleInstanceRecord())), default).AsTask();
        await jobs.ProcessAsync(Parse(GaveUp(evt)), default);

        instances.ConflictCount.Should().Be(1, "the placeholder write lost to the registration");
        var stored = (await instances.GetAsync(SampleInstance, default))!.Value.Record;
        stored.AwaitingJobs.Should().BeNull("the job's writer re-read the record, found the type and attributed the job itself");
        (await stores.Jobs.GetAsync(JobIdOf(evt), default))!.Value.Record.Attempts.Single().InstanceType.Should().Be("m5.2xlarge");
        output.Observations().Count(o => o.Key == "FAILED|InstanceType=m5.2xlarge").Should().Be(1);
        errors.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Job_added_between_the_registrations_read_and_write_is_seen_by_the_registrations_retry()
    {
        var instances = SnapshotStore<InstanceRecord>.Instances();
        var stores = new MonitorStores(instances, SnapshotStore<JobRecord>.Jobs(), new InMemoryRecordStore<EventMarker>());
        var output = new RecordingOutput();
        var registration = new InstanceRegistrationProcessor(stores, output, new MonitorOptions(), TextWriter.Null);
        var jobs = new JobEventsProcessor(stores, output, new MonitorOptions(), TextWriter.Null);
        var sample = PipelineJson.SharedEvent("batch-job/calcloud-failed-operator-cancelled.json");
        var early = WithJobId(sample, "11111111-1111-1111-1111-111111111111");
        var racing = WithJobId(sample, "22222222-2222-2222-2222-222222222222");
        await jobs.ProcessAsync(Parse(GaveUp(early)), default);

        // The registration read the placeholder (one job waiting); a second job is added before it writes.
        instances.BeforeNextWrite = () => jobs.ProcessAsync(Parse(GaveUp(racing)), default).AsTask();
        await registration.ProcessAsync(Parse(JobScenario.Registration(SampleInstanceRecord())), default);

        instances.ConflictCount.Should().Be(1, "the registration's first write lost to the job's");
        foreach (var evt in new[] { early, racing })
        {
            (await stores.Jobs.GetAsync(JobIdOf(evt), default))!.Value.Record.Attempts.Single().InstanceType.Should().Be("m5.2xlarge", JobIdOf(evt));
        }

        (await instances.GetAsync(SampleInstance, default))!.Value.Record.AwaitingJobs.Should().BeNull();
        output.Observations().Count(o => o.Key == "FAILED|InstanceType=m5.2xlarge").Should().Be(2);
        output.Observations().Count(o => o.Key == "RegisterContainerInstance|InstanceType=m5.2xlarge").Should().Be(1);
    }

    [Fact]
    public void Waiting_list_adds_once_refuses_when_registered_and_counts_overflow()
    {
        var (placeholder, added) = AwaitingJobList.Add(null, SampleInstance, "job-1", expiresAt: 100);
        added.Should().Be(AwaitOutcome.Added);
        placeholder!.AwaitingJobs.Should().Equal("job-1");
        placeholder.ExpiresAt.Should().Be(100);
        placeholder.IsPlaceholder.Should().BeTrue();
        placeholder.CanAttribute.Should().BeFalse();

        AwaitingJobList.Add(placeholder, SampleInstance, "job-1", expiresAt: 50).Should().Be(((InstanceRecord?)null, AwaitOutcome.AlreadyWaiting));
        AwaitingJobList.Add(placeholder, SampleInstance, "job-2", expiresAt: 50, limit: 2).Outcome.Should().Be(AwaitOutcome.Added);
        placeholder.ExpiresAt.Should().Be(100, "the TTL only moves later");
        var (full, overflowed) = AwaitingJobList.Add(placeholder, SampleInstance, "job-3", expiresAt: 200, limit: 2);
        overflowed.Should().Be(AwaitOutcome.Overflowed);
        full!.AwaitingJobs.Should().Equal("job-1", "job-2");
        full.AwaitingOverflow.Should().Be(1);
        full.ExpiresAt.Should().Be(200);

        var registered = new InstanceRecord { ContainerInstanceArn = SampleInstance, InstanceType = "m5.large" };
        AwaitingJobList.Add(registered, SampleInstance, "job-4", expiresAt: 100).Should().Be(((InstanceRecord?)null, AwaitOutcome.Registered));

        AwaitingJobList.Release(full, ["job-1", "other"])!.AwaitingJobs.Should().Equal("job-2");
        AwaitingJobList.Release(full, ["job-1"]).Should().BeNull("a repeated release writes nothing");
        AwaitingJobList.Release(full, ["job-2"])!.AwaitingJobs.Should().BeNull("an empty string set cannot be stored");
    }

    [Fact]
    public void Instance_item_keeps_the_waiting_list_and_a_placeholder_item_has_no_InstanceType_for_the_join_to_find()
    {
        var placeholder = new InstanceRecord
        {
            ContainerInstanceArn = SampleInstance,
            AwaitingJobs = new SortedSet<string>(["b-job", "a-job"], StringComparer.Ordinal),
            AwaitingOverflow = 3,
            ExpiresAt = 1_700_000_000,
        };

        var item = InstanceItemMapping.ToItem(placeholder);
        item.ContainsKey("InstanceType").Should().BeFalse("the state machines' join tests $.lookup.Item.InstanceType");
        item["AwaitingJobs"]!["SS"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("a-job", "b-job");
        item["AwaitingOverflow"]!["N"]!.GetValue<string>().Should().Be("3");
        var read = InstanceItemMapping.FromItem(PipelineJson.Element(item))!;
        read.AwaitingJobs.Should().Equal("a-job", "b-job");
        read.AwaitingOverflow.Should().Be(3);
        read.IsPlaceholder.Should().BeTrue();

        var registered = InstanceItemMapping.ToItem(SampleInstanceRecord());
        registered.ContainsKey("AwaitingJobs").Should().BeFalse("an empty list is absent: registered items keep their layout");
        registered.ContainsKey("AwaitingOverflow").Should().BeFalse();
        InstanceItemMapping.FromItem(PipelineJson.Element(registered))!.AwaitingJobs.Should().BeNull();
    }

    [Fact]
    public async Task Backfill_of_a_job_that_is_not_in_the_ledger_creates_nothing()
    {
        var run = new Processors();
        var writer = new JobLedgerWriter(run.Stores.Jobs, run.Output, run.Options);

        (await writer.BackfillAsync("expired-job", SampleInstanceRecord(), default)).Should().BeFalse();

        run.Job("expired-job").Should().BeNull();
        run.Output.EmfLines.Should().BeEmpty();
    }

    private static InstanceRecord SampleInstanceRecord() => new()
    {
        ContainerInstanceArn = SampleInstance,
        Ec2InstanceId = "i-0a80d33eed4924de1",
        InstanceType = "m5.2xlarge",
        AvailabilityZone = "us-east-1c",
        ClusterName = SampleInstance.Split('/')[1],
        RegisteredAt = PipelineJson.EpochMs("2021-11-05T16:59:00Z"),
    };

    private static string JobIdOf(JsonObject evt) => evt["detail"]!["jobId"]!.GetValue<string>();

    /// <summary>The job event as the state machine sends it when the join gave up waiting.</summary>
    private static JsonObject GaveUp(JsonObject evt) =>
        PipelineJson.Record(RecordKind.JobStateChange, evt, PipelineJson.Join(SampleInstance, item: null, attempts: 3));

    private static JsonObject WithJobId(JsonObject evt, string jobId)
    {
        var copy = (JsonObject)evt.DeepClone();
        var detail = copy["detail"]!.AsObject();
        detail["jobId"] = jobId;
        detail["jobArn"] = "arn:aws:batch:us-east-1:xxxxxxxxxxxx:job/" + jobId;
        var taskArn = string.Create(CultureInfo.InvariantCulture, $"arn:aws:ecs:us-east-1:xxxxxxxxxxxx:task/{SampleInstance.Split('/')[1]}/{jobId.Replace("-", "", StringComparison.Ordinal)}");
        detail["container"]!["taskArn"] = taskArn;
        foreach (var attempt in detail["attempts"]!.AsArray())
        {
            attempt!["container"]!["taskArn"] = taskArn;
        }

        return copy;
    }

    /// <summary>An INACTIVE event of an agent that does not report the type and zone attributes.</summary>
    private static JsonObject WithoutType(JsonObject record)
    {
        var attributes = record["event"]!["detail"]!["attributes"]!.AsArray();
        foreach (var attribute in attributes.Where(a => a!["name"]!.GetValue<string>().StartsWith("ecs.", StringComparison.Ordinal)).ToList())
        {
            attributes.Remove(attribute);
        }

        return record;
    }

    private static PipelineMessage Parse(JsonObject record) => PipelineRecordReader.Parse(record.ToJsonString());

    private static List<(string Key, double Value, long Timestamp)> Observations(Processors run) =>
        run.Output.Observations().Select(o => (o.Key, o.Value, o.Metric == "JobsPlaced" ? 0 : o.Timestamp)).Order().ToList();

    /// <summary>What <paramref name="from"/> has that <paramref name="other"/> has not, counting repeats.</summary>
    private static string Missing(List<(string Key, double Value, long Timestamp)> from, List<(string Key, double Value, long Timestamp)> other)
    {
        var left = new List<(string Key, double Value, long Timestamp)>(other);
        return string.Join("; ", from.Where(o => !left.Remove(o)));
    }
}
