using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Lambda;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.DynamoDb;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;
using AsgMonitoringFunction = BatchRuntimeMonitor.Functions.AsgMonitoring.Function;
using InstanceRegistrationFunction = BatchRuntimeMonitor.Functions.InstanceRegistration.Function;
using JobTransitionsFunction = BatchRuntimeMonitor.Functions.JobTransitions.Function;
using RunTaskCallsFunction = BatchRuntimeMonitor.Functions.RunTaskCalls.Function;

namespace BatchRuntimeMonitor.Tests.Deployment.Integration;

/// <summary>
/// End to end on moto_server: events run through the committed state machine definitions on moto A (Step Functions,
/// SQS, the join's instances table; reset before every execution), and the SQS message each execution sends is
/// delivered, through the functions' real Stream entry point, to the real handlers backed by the real DynamoDB
/// stores on moto B (never reset; tables unique to each test). Before each execution the instances table of moto A
/// is filled with the items the InstanceRegistration function wrote to moto B, so the join reads exactly what the C#
/// store wrote. Asserts the join, the ledger and the EMF/insight output.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EndToEndTests(MotoStepFunctions machines, MotoServer storage, ITestOutputHelper output)
    : IClassFixture<MotoStepFunctions>, IClassFixture<MotoServer>, IAsyncLifetime
{
    private const int JoinMaxAttempts = 2;

    // The four ecsproperties samples are two jobs (RUNNABLE/STARTING of a58812f1 on instance e4ec8ce4..., RUNNING/
    // SUCCEEDED of 7419bcec on instance f711cf81...). They are joined into one job: a58812f1's id and createdAt
    // (before all four event times), and the RUNNING job's single task and instance for STARTING too.
    private const string JobId = "a58812f1-a6bc-4791-a0ba-26618d74bb33";
    private const string ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941";
    private const string InstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/f711cf81b719480385a66cc3329704b1";
    private const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/a6611972e03e4d728498be97309e12d9";
    private const string LogStream = "cpu-stress-test-dev/cpu-stress-container/a6611972e03e4d728498be97309e12d9";

    private static readonly Lazy<TemplateDocument> Template = new(TemplateDocument.Load);

    private AmazonDynamoDBClient? _client;
    private string _instancesTable = "";
    private string _jobsTable = "";
    private MonitorStores? _stores;

    public async Task InitializeAsync()
    {
        if (machines.Endpoint is null || storage.Endpoint is null)
        {
            return;
        }

        _client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("testing", "testing"),
            new AmazonDynamoDBConfig { ServiceURL = storage.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _instancesTable = "instances-" + suffix;
        _jobsTable = "jobs-" + suffix;
        await CreateTableAsync(_instancesTable, InstanceItemMapping.KeyAttribute);
        await CreateTableAsync(_jobsTable, DynamoDbStores.JobsKey);
        _stores = DynamoDbStores.Create(_client, _instancesTable, _jobsTable);
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WholeEc2Job_ShouldJoinItsRegisteredInstanceAndEndInTheLedgerAndMetrics()
    {
        if (Skip())
        {
            return;
        }

        var registration = Function("InstanceRegistration", (s, o, opt, e) => new InstanceRegistrationFunction(s, o, opt, e).Handler);
        var jobs = Function("JobTransitions", (s, o, opt, e) => new JobTransitionsFunction(s, o, opt, e).Handler);

        // 1. The container instance registers: instance-registration machine -> InstanceEventsQueue -> InstanceRegistration.
        var active = ContainerInstanceActive(ClusterArn, InstanceArn, "i-0f711cf81b7194803", "c5.xlarge", "us-east-1b", "x86_64", "2025-10-17T13:10:00Z");
        var registered = await RunAsync("instance-registration", active);
        await registration.DeliverAsync(registered.Single("InstanceEventsQueue"));
        var stored = (await _stores!.Instances.GetAsync(InstanceArn, CancellationToken.None))!.Value.Record;
        stored.InstanceType.Should().Be("c5.xlarge");
        stored.ComputeEnvironment.Should().Be("batch-compute-env-dev");
        registration.MetricLines().Should().Contain(l => l["RegisterContainerInstance"] != null, registration.Dump());

        // 2. The job's four states: job-states machine (joining against moto B's items) -> JobEventsQueue -> JobTransitions.
        var expectedItem = (await InstanceItemsAsync()).Single()!;
        JsonObject? succeeded = null;
        foreach (var (status, evt) in WholeJobEvents())
        {
            var outcome = await RunAsync("job-states", evt, instanceItems: await InstanceItemsAsync());
            var record = outcome.Single("JobEventsQueue");
            ((string?)record["kind"]).Should().Be("JobStateChange");
            if (status == JobStatus.Runnable)
            {
                record.ContainsKey("join").Should().BeFalse("a RUNNABLE job names no container instance");
            }
            else
            {
                var join = record["join"]!.AsObject();
                ((bool?)join["found"]).Should().BeTrue(outcome.ToString());
                ((string?)join["containerInstanceArn"]).Should().Be(InstanceArn);
                JsonNode.DeepEquals(join["item"], expectedItem).Should().BeTrue(
                    $"the join returns the item the C# store wrote; join {join["item"]!.ToJsonString()} vs stored {expectedItem.ToJsonString()}");
            }

            await jobs.DeliverAsync(record);
            if (status == JobStatus.Succeeded)
            {
                succeeded = record;
            }
        }

        // 3. The ledger on moto B.
        var job = (await _stores.Jobs.GetAsync(JobId, CancellationToken.None))!.Value.Record;
        job.Status.Should().Be(JobStatus.Succeeded);
        job.JobQueue.Should().Be("batch-job-queue-dev");
        job.ComputeEnvironment.Should().Be("batch-compute-env-dev");
        job.StatusFirstSeen.Should().Equal(new Dictionary<string, long>
        {
            [JobStatus.Runnable] = Ms("2025-10-17T13:17:39Z"),
            [JobStatus.Starting] = Ms("2025-10-17T13:19:25Z"),
            [JobStatus.Running] = Ms("2025-10-17T13:23:51Z"),
            [JobStatus.Succeeded] = Ms("2025-10-17T13:28:51Z"),
        });
        var attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.TaskArn.Should().Be(TaskArn);
        attempt.ContainerInstanceArn.Should().Be(InstanceArn);
        attempt.LogStreamName.Should().Be(LogStream);
        attempt.ExitCode.Should().Be(0);
        attempt.InstanceId.Should().Be("i-0f711cf81b7194803");
        attempt.InstanceType.Should().Be("c5.xlarge");
        attempt.AvailabilityZone.Should().Be("us-east-1b");
        attempt.Architecture.Should().Be("x86_64");
        var raw = (await _client!.GetItemAsync(_jobsTable, new Dictionary<string, AttributeValue> { [DynamoDbStores.JobsKey] = new(JobId) })).Item;
        raw["Status"].S.Should().Be(JobStatus.Succeeded);
        raw["JobQueue"].S.Should().Be("batch-job-queue-dev");
        raw["LogStreamName"].S.Should().Be(LogStream);

        // 4. The EMF output: valid, each status counted once on the queue, the three durations.
        var metrics = jobs.MetricLines();
        foreach (var status in new[] { JobStatus.Runnable, JobStatus.Starting, JobStatus.Running, JobStatus.Succeeded })
        {
            // A status is counted in each dimension set once, as soon as the set's values are known: RUNNABLE in
            // [JobQueue] and [JobDefinition] at once, in [ComputeEnvironment] when STARTING named the instance.
            var byQueue = CountsOnce(metrics, status, jobs).Should().ContainSingle(c => c.Set == "JobQueue", jobs.Dump()).Subject;
            ((string?)byQueue.Line["JobQueue"]).Should().Be("batch-job-queue-dev");
        }

        CountsOnce(metrics, JobStatus.Starting, jobs).Select(c => c.Set).Should().Contain(["InstanceType", "AvailabilityZone", "ComputeEnvironment"]);

        var insight = jobs.InsightLines().Should().ContainSingle(jobs.Dump()).Subject;
        foreach (var duration in new[] { "RunnableSeconds", "StartingSeconds", "RunningSeconds" })
        {
            var line = metrics.Where(l => l[duration] != null).Should().ContainSingle($"{duration}; {jobs.Dump()}").Subject;
            ((double)line[duration]!).Should().BePositive();
            ((double)line[duration]!).Should().Be((double)insight[duration]!, "metric and insight derive from one ledger");
            ((string?)line["JobQueue"]).Should().Be("batch-job-queue-dev");
            ((string?)line["InstanceType"]).Should().Be("c5.xlarge");
        }

        ((double)insight["RunnableSeconds"]!).Should().Be((Ms("2025-10-17T13:19:25Z") - Ms("2025-10-17T13:17:39Z")) / 1000.0);

        // 5. The insight record has the field names of shared/design.md.
        ((string?)insight["RecordType"]).Should().Be("JobInsight");
        insight.Select(p => p.Key).Should().Contain(
        [
            "JobName", "JobId", "JobQueue", "JobDefinition", "Status", "StatusReason", "ExitCode", "ComputeEnvironment",
            "InstanceId", "InstanceType", "AvailabilityZone", "Architecture", "LogStreamName", "Attempts",
            "RunnableSeconds", "StartingSeconds", "RunningSeconds",
        ]);
        ((string?)insight["JobId"]).Should().Be(JobId);
        ((string?)insight["JobDefinition"]).Should().Be("cpu-stress-test-dev:2");
        ((string?)insight["Status"]).Should().Be(JobStatus.Succeeded);
        ((int?)insight["ExitCode"]).Should().Be(0);
        ((string?)insight["InstanceId"]).Should().Be("i-0f711cf81b7194803");
        ((string?)insight["InstanceType"]).Should().Be("c5.xlarge");
        ((string?)insight["AvailabilityZone"]).Should().Be("us-east-1b");
        ((string?)insight["Architecture"]).Should().Be("x86_64");
        ((string?)insight["ComputeEnvironment"]).Should().Be("batch-compute-env-dev");
        ((string?)insight["LogStreamName"]).Should().Be(LogStream);
        ((int?)insight["Attempts"]).Should().Be(1);

        // 6. SUCCEEDED delivered again, through the machine again: no second insight, no second SUCCEEDED count.
        var again = await RunAsync("job-states", WholeJobEvents().Last().Event, instanceItems: await InstanceItemsAsync());
        var repeated = again.Single("JobEventsQueue");
        JsonNode.DeepEquals(repeated["event"], succeeded!["event"]).Should().BeTrue();
        var linesBefore = jobs.Lines().Count;
        await jobs.DeliverAsync(repeated);
        jobs.Lines().Count.Should().Be(linesBefore, $"a duplicate writes nothing; {jobs.Dump()}");
        jobs.InsightLines().Should().ContainSingle();
        jobs.MetricLines().Count(l => l[JobStatus.Succeeded] != null).Should().Be(1);
        CountsOnce(jobs.MetricLines(), JobStatus.Succeeded, jobs);
    }

    [Fact]
    public async Task JobOnAnUnregisteredInstance_ShouldBeRecordedThenAttributedByTheRegistrationWithNoFurtherJobEvent()
    {
        if (Skip())
        {
            return;
        }

        var registration = Function("InstanceRegistration", (s, o, opt, e) => new InstanceRegistrationFunction(s, o, opt, e).Handler);
        var jobs = Function("JobTransitions", (s, o, opt, e) => new JobTransitionsFunction(s, o, opt, e).Handler);
        var evt = SampleEvents.Load("batch-job/calcloud-failed-operator-cancelled.json");
        var jobId = (string)evt["detail"]!["jobId"]!;
        var instance = SampleEvents.JobContainerInstance(evt)!;
        instance.Should().Contain("_Batch_", "the old cluster name form");

        // 1. Nothing registered: the join gives up after JoinMaxAttempts lookups, the function records the job anyway
        //    and leaves its id on a placeholder item for the instance.
        var outcome = await RunAsync("job-states", evt, instanceItems: await InstanceItemsAsync());
        var record = outcome.Single("JobEventsQueue");
        var join = record["join"]!.AsObject();
        ((bool?)join["found"]).Should().BeFalse(outcome.ToString());
        ((int?)join["attempts"]).Should().Be(JoinMaxAttempts);
        ((string?)join["containerInstanceArn"]).Should().Be(instance);
        join.ContainsKey("item").Should().BeFalse();
        await jobs.DeliverAsync(record);

        var job = (await _stores!.Jobs.GetAsync(jobId, CancellationToken.None))!.Value.Record;
        job.Status.Should().Be(JobStatus.Failed);
        var attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.LogStreamName.Should().Be("calcloud-jobdef-02g-test/default/c60f908e49e5482dad28513b9dddec8f");
        attempt.ExitCode.Should().Be(137);
        attempt.ContainerInstanceArn.Should().Be(instance);
        attempt.InstanceType.Should().BeNull();
        attempt.AvailabilityZone.Should().BeNull();
        attempt.Architecture.Should().BeNull();
        var insight = jobs.InsightLines().Should().ContainSingle(jobs.Dump()).Subject;
        insight.ContainsKey("InstanceType").Should().BeFalse("nulls are not written and the instance was unknown");
        CountsOnce(jobs.MetricLines(), JobStatus.Failed, jobs).Select(c => c.Set).Should().BeEquivalentTo(["JobQueue", "JobDefinition", "ComputeEnvironment"]);
        var placeholder = await RawInstanceItemAsync(instance);
        placeholder["AwaitingJobs"]!["SS"]!.AsArray().Select(v => (string?)v).Should().Equal(jobId);
        placeholder.ContainsKey("InstanceType").Should().BeFalse();

        // The placeholder, copied into the join's table, does not pass for a registration: the join still gives up.
        var again = (await RunAsync("job-states", evt, instanceItems: await InstanceItemsAsync())).Single("JobEventsQueue");
        ((bool?)again["join"]!["found"]).Should().BeFalse("the join tests InstanceType, which a placeholder does not have");

        // 2. The instance registers late: instance-registration machine -> InstanceRegistration -> moto B. That alone
        //    attributes the ledger entry in DynamoDB: no further job event is needed.
        var cluster = "arn:aws:ecs:us-east-1:xxxxxxxxxxxx:cluster/" + instance.Split('/')[1];
        var active = ContainerInstanceActive(cluster, instance, "i-0a80d33eed4924de1", "m5.2xlarge", "us-east-1c", "x86_64", "2021-11-05T16:59:00Z");
        var registered = await RunAsync("instance-registration", active);
        await registration.DeliverAsync(registered.Single("InstanceEventsQueue"));
        (await _stores.Instances.GetAsync(instance, CancellationToken.None))!.Value.Record.InstanceType.Should().Be("m5.2xlarge");

        job = (await _stores.Jobs.GetAsync(jobId, CancellationToken.None))!.Value.Record;
        attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.InstanceType.Should().Be("m5.2xlarge");
        attempt.AvailabilityZone.Should().Be("us-east-1c");
        attempt.Architecture.Should().Be("x86_64");
        attempt.InstanceId.Should().Be("i-0a80d33eed4924de1");
        job.ComputeEnvironment.Should().Be("calcloud-hst-02g-test20211104212201200000000004");
        (await RawInstanceItemAsync(instance)).ContainsKey("AwaitingJobs").Should().BeFalse("the waiting list was released");
        jobs.InsightLines().Should().ContainSingle("the insight record was already written at FAILED and is not rewritten");
        registration.InsightLines().Should().BeEmpty();

        // The dimension sets that needed the instance are counted now, by the registration's function, with the job's
        // own FAILED time; the others are not counted again.
        var all = jobs.MetricLines().Concat(registration.MetricLines()).ToList();
        CountsOnce(all, JobStatus.Failed, jobs).Select(c => c.Set).Should().BeEquivalentTo(["JobQueue", "JobDefinition", "ComputeEnvironment", "InstanceType", "AvailabilityZone"]);
        CountsOnce(all, "JobsPlaced", jobs).Select(c => c.Set).Should().BeEquivalentTo(["JobQueue", "ComputeEnvironment", "InstanceType", "AvailabilityZone"]);
        CountsOnce(all, "RunningSeconds", jobs).Select(c => c.Set).Should().BeEquivalentTo(["JobQueue", "JobDefinition", "InstanceType", "Architecture"]);
        var lateFailed = CountsOnce(registration.MetricLines(), JobStatus.Failed, registration).Should().ContainSingle(c => c.Set == "InstanceType").Subject.Line;
        ((long)lateFailed["_aws"]!["Timestamp"]!).Should().Be(Ms((string)evt["time"]!));

        // 3. The job event and the registration delivered again: nothing new at all.
        var linesAfter = jobs.Lines().Count + registration.Lines().Count;
        await jobs.DeliverAsync(record);
        await registration.DeliverAsync(registered.Single("InstanceEventsQueue"));
        (jobs.Lines().Count + registration.Lines().Count).Should().Be(linesAfter, jobs.Dump() + registration.Dump());
    }

    [Fact]
    public async Task WholeJobBeforeItsInstanceRegistered_ShouldEndAttributedInTheDynamoDbLedgerWhenTheRegistrationComesLast()
    {
        if (Skip())
        {
            return;
        }

        var registration = Function("InstanceRegistration", (s, o, opt, e) => new InstanceRegistrationFunction(s, o, opt, e).Handler);
        var jobs = Function("JobTransitions", (s, o, opt, e) => new JobTransitionsFunction(s, o, opt, e).Handler);
        var tasks = Function("RunTaskCalls", (s, o, opt, e) => new RunTaskCallsFunction(s, o, opt, e).Handler);

        // 1. The four job events and the ECS task's STOPPED event, each joining against moto B's items (the placeholder
        //    after the first one): every join gives up.
        foreach (var (status, evt) in WholeJobEvents())
        {
            var record = (await RunAsync("job-states", evt, instanceItems: await InstanceItemsAsync())).Single("JobEventsQueue");
            if (status != JobStatus.Runnable)
            {
                ((bool?)record["join"]!["found"]).Should().BeFalse($"{status}: the instance is not registered yet");
            }

            await jobs.DeliverAsync(record);
        }

        var taskOutcome = await RunAsync("task-placement", BatchTaskStopped(), instanceItems: await InstanceItemsAsync());
        var taskRecord = taskOutcome.Single("TaskEventsQueue");
        ((bool?)taskRecord["join"]!["found"]).Should().BeFalse(taskOutcome.ToString());
        await tasks.DeliverAsync(taskRecord);

        var job = (await _stores!.Jobs.GetAsync(JobId, CancellationToken.None))!.Value.Record;
        job.Status.Should().Be(JobStatus.Succeeded);
        job.Attempts.Should().ContainSingle().Which.InstanceType.Should().BeNull();
        (await RawInstanceItemAsync(InstanceArn))["AwaitingJobs"]!["SS"]!.AsArray().Select(v => (string?)v).Should().Equal(JobId);

        // 2. The registration, last. Nothing else about the job arrives after it.
        var active = ContainerInstanceActive(ClusterArn, InstanceArn, "i-0f711cf81b7194803", "c5.xlarge", "us-east-1a", "x86_64", "2025-10-17T13:10:00Z");
        await registration.DeliverAsync((await RunAsync("instance-registration", active)).Single("InstanceEventsQueue"));

        // 3. The DynamoDB ledger is attributed, and so is the console attribute view of it.
        job = (await _stores.Jobs.GetAsync(JobId, CancellationToken.None))!.Value.Record;
        var attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.TaskArn.Should().Be(TaskArn);
        attempt.InstanceId.Should().Be("i-0f711cf81b7194803");
        attempt.InstanceType.Should().Be("c5.xlarge");
        attempt.AvailabilityZone.Should().Be("us-east-1a");
        attempt.Architecture.Should().Be("x86_64");
        (await RawInstanceItemAsync(InstanceArn)).ContainsKey("AwaitingJobs").Should().BeFalse();

        // 4. Every set that needed the instance is counted exactly once over the three functions, by the registration.
        var all = jobs.MetricLines().Concat(tasks.MetricLines()).Concat(registration.MetricLines()).ToList();
        foreach (var status in new[] { JobStatus.Starting, JobStatus.Running, JobStatus.Succeeded })
        {
            CountsOnce(all, status, registration).Select(c => c.Set).Should().Contain(["InstanceType", "AvailabilityZone"], status);
            CountsOnce(registration.MetricLines(), status, registration).Select(c => c.Set).Should().Contain("InstanceType", status);
        }

        CountsOnce(all, "JobsPlaced", registration).Select(c => c.Set).Should().BeEquivalentTo(["JobQueue", "ComputeEnvironment", "InstanceType", "AvailabilityZone"]);
        foreach (var duration in new[] { "RunnableSeconds", "StartingSeconds", "RunningSeconds" })
        {
            CountsOnce(all, duration, registration).Select(c => c.Set).Should().BeEquivalentTo(["JobQueue", "JobDefinition", "InstanceType", "Architecture"], duration);
        }

        jobs.InsightLines().Should().ContainSingle();
        registration.InsightLines().Should().BeEmpty("the insight record is written once, at SUCCEEDED");

        // 5. Now the join finds the registered item, without the released list.
        var joined = (await RunAsync("job-states", WholeJobEvents().Last().Event, instanceItems: await InstanceItemsAsync())).Single("JobEventsQueue");
        ((bool?)joined["join"]!["found"]).Should().BeTrue();
        joined["join"]!["item"]!.AsObject().ContainsKey("AwaitingJobs").Should().BeFalse();
        var lines = jobs.Lines().Count + tasks.Lines().Count + registration.Lines().Count;
        await jobs.DeliverAsync(joined);
        (jobs.Lines().Count + tasks.Lines().Count + registration.Lines().Count).Should().Be(lines, "a late duplicate counts nothing");
    }

    [Fact]
    public async Task AsgCreatedByBatch_ShouldReachAsgMonitoringAndTheConsoleUsersCallNothing()
    {
        if (Skip())
        {
            return;
        }

        var asg = Function("AsgMonitoring", (s, o, opt, e) => new AsgMonitoringFunction(s, o, opt, e).Handler);
        var group = "AWSBatch-ce1-asg-" + Guid.NewGuid();
        var evt = SampleEvents.With(SampleEvents.Load("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json"), e =>
        {
            var identity = e["detail"]!["userIdentity"]!.AsObject();
            identity["type"] = "AssumedRole";
            identity["invokedBy"] = "batch.amazonaws.com";
            e["detail"]!["requestParameters"]!["autoScalingGroupName"] = group;
        });

        var outcome = await RunAsync("asg-created", evt, autoScalingGroup: group);
        var record = outcome.Single("AsgEventsQueue");
        ((string?)record["kind"]).Should().Be("AsgCreated");
        ((bool?)record["metricsCollection"]!["enabled"]).Should().BeTrue(outcome.ToString());
        await asg.DeliverAsync(record);
        var line = asg.MetricLines().Should().ContainSingle(asg.Dump()).Subject;
        ((double?)line["AsgMetricsEnabled"]).Should().Be(1);
        ((string?)line["ComputeEnvironment"]).Should().Be("AWSBatch-ce1", "the group name's <ce>-asg-<uuid> form");
        ((string?)line["AutoScalingGroupName"]).Should().Be(group);
        DimensionSetsOf(line, "AsgMetricsEnabled").Should().ContainEquivalentOf(new[] { "ComputeEnvironment" });

        // Delivered twice (SQS at-least-once): counted once.
        await asg.DeliverAsync(record);
        asg.MetricLines().Should().ContainSingle(asg.Dump());

        var console = await RunAsync("asg-created", SampleEvents.Load("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json"));
        console.Status.Should().Be("SUCCEEDED", console.ToString());
        console.AllMessages.Should().BeEmpty("a console user's CreateAutoScalingGroup is not Batch's");
    }

    /// <summary>The four ecsproperties samples as one job's RUNNABLE, STARTING, RUNNING, SUCCEEDED events.</summary>
    private static IReadOnlyList<(string Status, JsonObject Event)> WholeJobEvents()
    {
        var result = new List<(string, JsonObject)>();
        foreach (var status in new[] { "runnable", "starting", "running", "succeeded" })
        {
            var evt = SampleEvents.With(SampleEvents.Load($"batch-job/aws-batch-runtime-monitoring-ecsproperties-{status}.json"), e =>
            {
                var detail = e["detail"]!.AsObject();
                var jobArn = "arn:aws:batch:us-east-1:123456789012:job/" + JobId;
                detail["jobId"] = JobId;
                detail["jobArn"] = jobArn;
                detail["createdAt"] = 1760707011622;
                e["resources"] = new JsonArray(jobArn);
                if (detail["ecsProperties"]?["taskProperties"]?[0] is JsonObject task && task["containerInstanceArn"] is not null)
                {
                    task["containerInstanceArn"] = InstanceArn;
                    task["taskArn"] = TaskArn;
                    if (task["containers"]?[0] is JsonObject container && container["logStreamName"] is not null)
                    {
                        container["logStreamName"] = LogStream;
                    }
                }
            });
            result.Add((status.ToUpperInvariant(), evt));
        }

        return result;
    }

    private static JsonObject ContainerInstanceActive(string clusterArn, string instanceArn, string ec2InstanceId, string type, string zone, string architecture, string time) =>
        SampleEvents.With(SampleEvents.Load("ecs-container-instance/awsdocs-ecs-container-instance-2016.json"), e =>
        {
            var detail = e["detail"]!.AsObject();
            e["time"] = time;
            e["account"] = clusterArn.Split(':')[4];
            e["resources"] = new JsonArray(instanceArn);
            detail["clusterArn"] = clusterArn;
            detail["containerInstanceArn"] = instanceArn;
            detail["ec2InstanceId"] = ec2InstanceId;
            detail["status"] = "ACTIVE";
            detail["updatedAt"] = time;
            var attributes = detail["attributes"]!.AsArray();
            attributes.Add(new JsonObject { ["name"] = "ecs.instance-type", ["value"] = type });
            attributes.Add(new JsonObject { ["name"] = "ecs.availability-zone", ["value"] = zone });
            attributes.Add(new JsonObject { ["name"] = "ecs.cpu-architecture", ["value"] = architecture });
        });

    /// <summary>The job's ECS task STOPPED event (a constructed Batch-owned task: the shared samples have none), re-addressed to the job.</summary>
    private static JsonObject BatchTaskStopped() =>
        SampleEvents.With(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Core.Tests", "TestData", "constructed-ecs-task-batch-stopped.json")))!.AsObject(), e =>
        {
            var detail = e["detail"]!.AsObject();
            detail["clusterArn"] = ClusterArn;
            detail["containerInstanceArn"] = InstanceArn;
            detail["taskArn"] = TaskArn;
            foreach (var variable in detail["overrides"]!["containerOverrides"]![0]!["environment"]!.AsArray())
            {
                if ((string?)variable!["name"] == "AWS_BATCH_JOB_ID")
                {
                    variable["value"] = JobId;
                }
            }
        });

    private static long Ms(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static IEnumerable<string[]> DimensionSetsOf(JsonObject line, string metric) =>
        line["_aws"]!["CloudWatchMetrics"]!.AsArray()
            .Where(d => d!["Metrics"]!.AsArray().Any(m => (string?)m!["Name"] == metric))
            .SelectMany(d => d!["Dimensions"]!.AsArray().Select(set => set!.AsArray().Select(n => (string)n!).ToArray()));

    /// <summary>Each dimension set a metric was counted in, with its line; fails when any set was counted twice or a value is not 1 for a count.</summary>
    private static List<(string Set, JsonObject Line)> CountsOnce(IReadOnlyList<JsonObject> lines, string metric, FunctionUnderTest function)
    {
        var counted = lines
            .Where(l => l[metric] != null)
            .SelectMany(l => DimensionSetsOf(l, metric).Select(set => (Set: string.Join(',', set), Line: l)))
            .ToList();
        counted.Should().NotBeEmpty($"{metric} is written; {function.Dump()}");
        counted.GroupBy(c => c.Set).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty($"no {metric} dimension set is counted twice; {function.Dump()}");
        if (!metric.EndsWith("Seconds", StringComparison.Ordinal))
        {
            counted.Should().OnlyContain(c => (double)c.Line[metric]! == 1);
        }

        return counted;
    }

    private bool Skip()
    {
        if (machines.Endpoint is not null && storage.Endpoint is not null)
        {
            return false;
        }

        output.WriteLine($"SKIPPED: {machines.UnavailableReason ?? storage.UnavailableReason}");
        return true;
    }

    private async Task CreateTableAsync(string name, string key) => await _client!.CreateTableAsync(new CreateTableRequest
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = [new KeySchemaElement(key, KeyType.HASH)],
        AttributeDefinitions = [new AttributeDefinition(key, ScalarAttributeType.S)],
    });

    /// <summary>moto B's instances item for one container instance, as GetItem returns it.</summary>
    private async Task<JsonObject> RawInstanceItemAsync(string containerInstanceArn)
    {
        var response = await _client!.GetItemAsync(_instancesTable, new Dictionary<string, AttributeValue> { [InstanceItemMapping.KeyAttribute] = new(containerInstanceArn) });
        response.Item.Should().NotBeNull($"moto B has an item for {containerInstanceArn}");
        return AttributeValueJson.ToJsonItem(response.Item);
    }

    /// <summary>moto B's instances table as full attribute-value items, for moto A's instances table.</summary>
    private async Task<JsonArray> InstanceItemsAsync()
    {
        var scan = await _client!.ScanAsync(new ScanRequest { TableName = _instancesTable });
        return new JsonArray(scan.Items.Select(i => (JsonNode?)AttributeValueJson.ToJsonItem(i)).ToArray());
    }

    private FunctionUnderTest Function(string name, Func<MonitorStores, IMonitorOutput, MonitorOptions, TextWriter, SqsFunctionHandler> create) =>
        new(name, _stores!, create, output);

    /// <summary>
    /// Runs one execution on a freshly reset moto A, with the machine's DefinitionSubstitutions read from template.yaml:
    /// each queue reference becomes that queue's URL, the instances table the scenario's table, the join 1 s x 2.
    /// </summary>
    private async Task<Outcome> RunAsync(string machine, JsonObject evt, JsonArray? instanceItems = null, string? autoScalingGroup = null)
    {
        var template = Template.Value;
        var (_, properties) = template.OfType("AWS::Serverless::StateMachine")
            .Single(r => (string?)r.Properties["DefinitionUri"] == $"statemachines/{machine}.asl.json");
        var substitutions = new JsonObject();
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties["DefinitionSubstitutions"]!.AsObject())
        {
            var referenced = TemplateDocument.ReferencedId(value);
            var type = referenced is null ? null : (string?)template.Resources[referenced]?["Type"];
            substitutions[key] = key switch
            {
                _ when type == "AWS::SQS::Queue" => $"{{queue:{referenced}}}",
                "InstancesTableName" => "instances",
                "JoinWaitSeconds" => "1",
                "JoinMaxAttempts" => JoinMaxAttempts.ToString(CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"{machine}: no test value for substitution {key}"),
            };
            if (type == "AWS::SQS::Queue")
            {
                queues.Add(referenced!);
            }
        }

        await machines.ResetAsync();
        var spec = new JsonObject
        {
            ["endpoint"] = machines.Endpoint!.ToString().TrimEnd('/'),
            ["name"] = machine,
            ["definition"] = StateMachineFiles.Text(machine),
            ["substitutions"] = substitutions,
            ["input"] = evt.DeepClone(),
            ["queues"] = new JsonArray(queues.Select(q => (JsonNode?)JsonValue.Create(q)).ToArray()),
            ["instance_items"] = instanceItems?.DeepClone() ?? new JsonArray(),
            ["autoscaling_group"] = autoScalingGroup,
        };
        var result = await machines.ScenarioAsync(spec);
        var messages = result["messages"]!.AsObject().ToDictionary(
            q => q.Key,
            q => q.Value!.AsArray().Select(m => m!.AsObject()).ToList(),
            StringComparer.Ordinal);
        var outcome = new Outcome(machine, (string)result["status"]!, (string?)result["error"], (string?)result["cause"], messages);
        output.WriteLine(outcome.ToString());
        return outcome;
    }

    private sealed record Outcome(string Machine, string Status, string? Error, string? Cause, Dictionary<string, List<JsonObject>> Messages)
    {
        public IEnumerable<string> AllMessages => Messages.SelectMany(q => q.Value.Select(m => $"{q.Key}: {m.ToJsonString()}"));

        public JsonObject Single(string queue)
        {
            Status.Should().Be("SUCCEEDED", ToString());
            Messages.Where(q => q.Key != queue).SelectMany(q => q.Value).Should().BeEmpty($"only {queue} should get a message; {this}");
            Messages[queue].Should().ContainSingle(ToString());
            return Messages[queue][0];
        }

        public override string ToString() =>
            $"{Machine}: status {Status} {Error} {Cause}; messages: {string.Join("; ", AllMessages.Select(m => m.Length > 400 ? m[..400] + "..." : m))}";
    }

    /// <summary>A real function over the DynamoDB stores, its stdout a MemoryStream of JSON lines, called through its Stream entry point.</summary>
    private sealed class FunctionUnderTest
    {
        private readonly MemoryStream _stdout = new();
        private readonly StringWriter _errors = new();
        private readonly SqsFunctionHandler _handler;
        private readonly string _name;
        private readonly ITestOutputHelper _log;

        public FunctionUnderTest(string name, MonitorStores stores, Func<MonitorStores, IMonitorOutput, MonitorOptions, TextWriter, SqsFunctionHandler> create, ITestOutputHelper log)
        {
            _name = name;
            _log = log;
            _handler = create(stores, new JsonLinesMonitorOutput(_stdout), new MonitorOptions(), _errors);
        }

        public async Task DeliverAsync(JsonObject body)
        {
            var sqsEvent = new JsonObject
            {
                ["Records"] = new JsonArray(new JsonObject
                {
                    ["messageId"] = Guid.NewGuid().ToString(),
                    ["receiptHandle"] = "receipt",
                    ["body"] = body.ToJsonString(),
                    ["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:queue",
                    ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
                }),
            };
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(sqsEvent.ToJsonString()));
            await using var response = await _handler.HandleAsync(input);
            var failures = JsonNode.Parse(response)!["batchItemFailures"]!.AsArray();
            failures.Should().BeEmpty($"{_name} should accept the message; errors: {_errors}");
            _errors.ToString().Should().BeEmpty($"{_name} reported nothing");
        }

        public IReadOnlyList<JsonObject> Lines() =>
            Encoding.UTF8.GetString(_stdout.ToArray())
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonNode.Parse(l)!.AsObject())
                .ToList();

        /// <summary>The EMF lines, each checked against EmfValidator.</summary>
        public IReadOnlyList<JsonObject> MetricLines()
        {
            var lines = Encoding.UTF8.GetString(_stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).ToList();
            foreach (var line in lines)
            {
                EmfValidator.Validate(line).Should().BeEmpty($"{_name} EMF line {line}");
            }

            return lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        }

        public IReadOnlyList<JsonObject> InsightLines() => Lines().Where(l => (string?)l["RecordType"] == JobInsight.InsightRecordType).ToList();

        public string Dump()
        {
            var text = $"{_name} output:\n{string.Join("\n", Lines().Select(l => l.ToJsonString()))}";
            _log.WriteLine(text);
            return text;
        }
    }
}
