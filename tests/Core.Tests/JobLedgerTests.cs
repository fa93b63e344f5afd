using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

public class JobLedgerTests
{
    private const string EcsJob = "7419bcec-23b4-4a65-981b-857c5a9040a5";
    private const string EcsTask = "arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/a6611972e03e4d728498be97309e12d9";
    private const string EcsInstance = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/f711cf81b719480385a66cc3329704b1";

    private static async Task<JobRecord> LedgerAfter(params string[] samples)
    {
        var run = new Processors();
        string? jobId = null;
        foreach (var sample in samples)
        {
            var @event = PipelineJson.SharedEvent(sample);
            jobId = @event["detail"]!["jobId"]!.GetValue<string>();
            var kind = @event["detail-type"]!.GetValue<string>() == "Batch Job Queue Blocked" ? RecordKind.JobQueueBlocked : RecordKind.JobStateChange;
            await run.ApplyAsync(PipelineJson.Record(kind, @event));
        }

        return run.Job(jobId!)!;
    }

    [Fact]
    public async Task Failed_job_killed_for_memory_gives_queue_definition_attempt_exit_code_and_reason()
    {
        var job = await LedgerAfter("batch-job/calcloud-failed-oom-reason.json");
        job.JobQueue.Should().Be("calcloud-hst-queue-02g-test");
        job.JobDefinition.Should().Be("calcloud-jobdef-02g-test:44");
        job.ComputeEnvironment.Should().Be("calcloud-hst-02g-test20211104212201200000000004");
        job.Platform.Should().Be("EC2");
        job.Status.Should().Be("FAILED");
        job.StatusReason.Should().Be("Essential container in task exited");
        job.StatusFirstSeen.Should().Equal(new Dictionary<string, long> { ["FAILED"] = PipelineJson.EpochMs("2021-11-05T17:22:56Z") });
        job.CreatedAt.Should().Be(1636132204903);
        var attempt = job.Attempts.Should().ContainSingle("attempts[0] and the job's container are the same task").Subject;
        attempt.TaskArn.Should().EndWith("/6c2a097f4261465392ff63aea14928cc");
        attempt.ContainerInstanceArn.Should().EndWith("/58d2dacf8a1346849921fa40268b9cb7");
        attempt.LogStreamName.Should().Be("calcloud-jobdef-02g-test/default/6c2a097f4261465392ff63aea14928cc");
        attempt.ExitCode.Should().Be(24);
        attempt.ContainerReason.Should().StartWith("OutOfMemoryError");
        attempt.StartedAt.Should().Be(1636132332930);
        attempt.StoppedAt.Should().Be(1636132974807);
    }

    [Fact]
    public async Task Metrics_are_stamped_with_the_event_time_and_the_attempt_start_not_the_clock()
    {
        var run = new Processors();
        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json")));

        var observations = run.Output.Observations();
        observations.Where(o => o.Metric != "JobsPlaced").Should().OnlyContain(o => o.Timestamp == PipelineJson.EpochMs("2021-11-05T17:22:56Z"));
        observations.Where(o => o.Metric == "JobsPlaced").Should().NotBeEmpty().And.OnlyContain(o => o.Timestamp == 1636132332930);
        observations.Select(o => o.Key).Should().Contain("FAILED|ComputeEnvironment=calcloud-hst-02g-test20211104212201200000000004")
            .And.Contain("FAILED|JobDefinition=calcloud-jobdef-02g-test")
            .And.Contain("RunningSeconds|JobQueue=calcloud-hst-queue-02g-test");
        observations.Single(o => o.Key == "RunningSeconds|JobQueue=calcloud-hst-queue-02g-test").Value.Should().Be(641.877);
        observations.Single(o => o.Key == "TotalTimeSeconds|JobQueue=calcloud-hst-queue-02g-test").Value.Should().Be(769.904);
        observations.Single(o => o.Key == "WaitTimeSeconds|JobQueue=calcloud-hst-queue-02g-test").Value.Should().Be(128.027);
        run.Output.Insights.Should().ContainSingle().Which.ExitCode.Should().Be(24);
    }

    [Fact]
    public async Task Cancelled_job_keeps_the_operator_reason_and_exit_code_137()
    {
        var job = await LedgerAfter("batch-job/calcloud-failed-operator-cancelled.json");
        job.StatusReason.Should().Be("Operator cancelled");
        job.Attempts.Should().ContainSingle().Which.ExitCode.Should().Be(137);
        JobDurations.RunningMs(job).Should().Be(1636132053106 - 1636131879103);
    }

    [Fact]
    public async Task Fargate_job_is_attributed_to_FARGATE()
    {
        var job = await LedgerAfter("batch-job/aws-lambda-dotnet-runnable-fargate.json");
        job.Platform.Should().Be("FARGATE");
        job.JobQueue.Should().Be("HighPriority");
        job.JobDefinition.Should().Be("first-run-job-definition:1");
        JobInsight.From(job).InstanceType.Should().BeNull("nothing ran yet (an array parent on a Fargate queue never runs anything itself)");

        // The same job once Batch started its Fargate task: the attempt is attributed to FARGATE.
        var starting = PipelineJson.SharedEvent("batch-job/aws-lambda-dotnet-runnable-fargate.json");
        starting["detail"]!["status"] = "STARTING";
        starting["detail"]!["container"]!["taskArn"] = "arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-fargate-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/c13b4cb40f1f4fe4a2971f76ae5a47ad";
        var run = new Processors();
        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, starting));
        var insight = JobInsight.From(run.Job(job.JobId)!);
        insight.InstanceType.Should().Be("FARGATE");
        insight.InstanceId.Should().Be("FARGATE");
        run.Output.Observations().Select(o => o.Key).Should().Contain("STARTING|InstanceType=FARGATE").And.Contain("JobsPlaced|InstanceType=FARGATE");
    }

    [Theory]
    [InlineData("batch-job/aws-batch-runtime-monitoring-mnp-main-node-running.json", 0, "/91d714fa258246199924ffe96e85f721", "/7d801024862b4c3bb68580aab314e561")]
    [InlineData("batch-job/aws-batch-runtime-monitoring-mnp-child-node-running.json", 1, "/1af8dc61d93145919542b3e0f6982ac5", "/abe0ae5a7d404b22b5eb30f958c7fb93")]
    public async Task Multi_node_job_node_is_linked_to_its_parent_with_its_node_index(string sample, int node, string taskSuffix, string instanceSuffix)
    {
        var job = await LedgerAfter(sample);
        job.ParentJobId.Should().Be("b0814c91-61c2-4a2b-a790-44781b182ef9");
        job.NodeIndex.Should().Be(node);
        job.ArrayIndex.Should().BeNull();
        job.Status.Should().Be("RUNNING");
        job.ComputeEnvironment.Should().Be("BatchComputeEnvironment-oHxuMlOqgBoID4mL");
        var attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.TaskArn.Should().EndWith(taskSuffix);
        attempt.ContainerInstanceArn.Should().EndWith(instanceSuffix);
        attempt.LogStreamName.Should().StartWith("RayClusterJobDefinition-GUn4UK5Y9AGHo0pI/");
    }

    [Fact]
    public async Task Multi_container_job_reads_its_task_from_task_properties()
    {
        var job = await LedgerAfter("batch-job/aws-batch-runtime-monitoring-ecsproperties-running.json", "batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json");
        job.JobDefinition.Should().Be("cpu-stress-test-dev:2");
        job.ComputeEnvironment.Should().Be("batch-compute-env-dev");
        job.Status.Should().Be("SUCCEEDED");
        var attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.TaskArn.Should().Be(EcsTask);
        attempt.ContainerInstanceArn.Should().Be(EcsInstance);
        attempt.ExitCode.Should().Be(0);
        attempt.LogStreamName.Should().StartWith("cpu-stress-test-dev/cpu-stress-container/");
        JobDurations.RunningMs(job).Should().Be(1760707731125 - 1760707430919);
    }

    [Fact]
    public async Task Queue_blocked_event_keeps_the_blocked_reason()
    {
        var job = await LedgerAfter("batch-job/awsdocs-job-queue-blocked-runnable.json");
        job.JobQueue.Should().Be("PexjEHappyPathCanary2JobQueue");
        job.StatusReason.Should().Be("blocked-reason");
        job.Status.Should().Be("RUNNABLE");
        job.Emitted.Should().Contain(EmissionKeys.InSet(EmissionKeys.Blocked("blocked-reason"), ["JobQueue"]));
    }

    [Theory]
    [InlineData("batch-job/awsdocs-batch-runnable-2017.json")]
    [InlineData("batch-job/awsdocs-batch-runnable-2021-resourcerequirements.json")]
    [InlineData("batch-job/awsdocs-batch-runnable-2022.json")]
    public async Task Runnable_job_from_the_docs_has_a_runnable_time_and_no_attempt(string sample)
    {
        var job = await LedgerAfter(sample);
        job.Status.Should().Be("RUNNABLE");
        job.StatusFirstSeen.Should().ContainKey("RUNNABLE");
        job.Attempts.Should().BeEmpty();
        job.JobDefinition.Should().Be("first-run-job-definition:1");
        JobDurations.RunnableMs(job).Should().BeNull("STARTING was never seen");
    }

    [Fact]
    public async Task Ecs_task_event_of_a_Batch_task_attaches_the_attempt_with_its_zone_and_instance()
    {
        var run = new Processors();
        await run.ApplyAsync(InstanceRegistration(EcsInstance, "m5.2xlarge", "us-east-1a"));
        var task = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!;
        await run.ApplyAsync(PipelineJson.Record(RecordKind.TaskStateChange, task, PipelineJson.Join(EcsInstance, item: null)));

        var job = run.Job(EcsJob)!;
        job.JobQueue.Should().Be("batch-job-queue-dev");
        job.ComputeEnvironment.Should().Be("batch-compute-env-dev");
        job.Platform.Should().Be("EC2");
        var attempt = job.Attempts.Should().ContainSingle().Subject;
        attempt.TaskArn.Should().Be(EcsTask);
        attempt.ContainerInstanceArn.Should().Be(EcsInstance);
        attempt.AvailabilityZone.Should().Be("us-east-1a");
        attempt.InstanceType.Should().Be("m5.2xlarge", "the join was not found, so the function's own registry answered");
        attempt.Architecture.Should().Be("x86_64");
        attempt.ExitCode.Should().Be(0);
        attempt.StartedAt.Should().Be(PipelineJson.EpochMs("2025-10-17T13:23:50.919Z"));

        // The Batch event for the same task merges into the same attempt.
        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json")));
        job = run.Job(EcsJob)!;
        job.Attempts.Should().ContainSingle().Which.LogStreamName.Should().StartWith("cpu-stress-test-dev/");
        job.Attempts[0].StartedAt.Should().Be(PipelineJson.EpochMs("2025-10-17T13:23:50.919Z"), "the earlier of the ECS and Batch start times");
    }

    [Fact]
    public async Task Ecs_task_event_of_a_task_Batch_did_not_start_is_ignored()
    {
        var run = new Processors();
        await run.ApplyAsync(PipelineJson.Record(RecordKind.TaskStateChange, PipelineJson.SharedEvent("ecs-task/awsdocs-ecs-ec2-running-2016.json")));
        run.Tasks.IgnoredTasks.Should().Be(1);
        run.Output.EmfLines.Should().BeEmpty();
    }

    [Fact]
    public async Task SubmitJob_call_gives_SUBMITTED_at_the_call_time_with_name_array_size_and_dependencies()
    {
        var run = new Processors();
        var call = PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-submit-job.json")))!.AsObject());
        await run.ApplyAsync(PipelineJson.Record(RecordKind.SubmitJobCall, call));

        var job = run.Job(EcsJob)!;
        job.StatusFirstSeen.Should().Equal(new Dictionary<string, long> { ["SUBMITTED"] = PipelineJson.EpochMs("2025-10-17T13:16:51Z") });
        job.JobName.Should().Be("cpu-stress-test");
        job.JobQueue.Should().Be("batch-job-queue-dev");
        job.JobDefinition.Should().Be("cpu-stress-test-dev:2");
        job.ArraySize.Should().Be(4);
        job.DependsOn.Should().Equal(new JobDependency("11111111-2222-3333-4444-555555555555", "SEQUENTIAL"));
        run.Output.Observations().Select(o => o.Key).Should().BeEquivalentTo(
            "SUBMITTED|JobQueue=batch-job-queue-dev", "SUBMITTED|JobDefinition=cpu-stress-test-dev");
    }

    [Fact]
    public async Task Failed_SubmitJob_call_creates_no_job()
    {
        var run = new Processors();
        var record = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-submit-job.json")))!.AsObject();
        record["errorCode"] = "ClientException";
        record["responseElements"] = null;
        await run.ApplyAsync(PipelineJson.Record(RecordKind.SubmitJobCall, PipelineJson.WrapCloudTrail(record)));
        run.Job(EcsJob).Should().BeNull();
        run.Output.EmfLines.Should().BeEmpty();
    }

    internal static JsonObject InstanceRegistration(string arn, string type, string zone)
    {
        var record = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-register-container-instance.json")))!.AsObject();
        var instance = record["responseElements"]!["containerInstance"]!;
        instance["containerInstanceArn"] = arn;
        foreach (var attribute in instance["attributes"]!.AsArray())
        {
            switch (attribute!["name"]!.GetValue<string>())
            {
                case "ecs.instance-type": attribute["value"] = type; break;
                case "ecs.availability-zone": attribute["value"] = zone; break;
                case "ecs.cpu-architecture": attribute["value"] = InstanceArchitecture.FromInstanceType(type); break;
            }
        }

        record["requestParameters"]!["instanceIdentityDocument"] = "HIDDEN_DUE_TO_SECURITY_REASONS";
        return PipelineJson.Record(RecordKind.RegisterContainerInstanceCall, PipelineJson.WrapCloudTrail(record));
    }
}

public class JobDurationTests
{
    private static JobRecord Ledger(params (string Status, long At)[] seen)
    {
        JobRecord? record = null;
        foreach (var (status, at) in seen)
        {
            record = JobLedger.Merge(record, new JobObservation("j") { Status = status, StatusAt = at });
        }

        return record!;
    }

    [Fact]
    public void Runnable_time_ends_at_the_first_STARTING()
    {
        var job = Ledger(("RUNNABLE", 10_000), ("STARTING", 25_000), ("RUNNING", 40_000), ("STARTING", 20_000), ("RUNNABLE", 12_000));
        JobDurations.RunnableMs(job).Should().Be(10_000, "first STARTING 20 000 minus first RUNNABLE 10 000");
        JobDurations.StartingMs(job).Should().Be(20_000, "first RUNNING 40 000 minus first STARTING 20 000");
    }

    [Fact]
    public void Runnable_time_ends_at_the_first_RUNNING_when_STARTING_was_never_seen()
    {
        var job = Ledger(("RUNNABLE", 10_000), ("RUNNING", 70_000));
        JobDurations.RunnableMs(job).Should().Be(60_000);
        JobDurations.StartingMs(job).Should().BeNull();
    }

    [Fact]
    public void A_duration_whose_start_was_never_seen_is_absent_not_zero()
    {
        var job = Ledger(("STARTING", 10_000), ("RUNNING", 20_000), ("SUCCEEDED", 30_000));
        JobDurations.RunnableMs(job).Should().BeNull();
        JobDurations.RunningMs(job).Should().BeNull("no attempt with start and stop was seen");
        var insight = JobInsight.From(job);
        insight.RunnableSeconds.Should().BeNull();
        insight.StartingSeconds.Should().Be(10);
        insight.RunningSeconds.Should().BeNull();
    }

    [Fact]
    public void An_array_parents_insight_record_carries_its_size_and_a_childs_does_not()
    {
        // The dashboards count jobs with "not ispresent(ArraySize)": a parent runs nothing and follows its children.
        var parent = Ledger(("SUBMITTED", 1_000), ("FAILED", 9_000));
        parent.ArraySize = 4;
        var child = Ledger(("RUNNABLE", 1_000), ("FAILED", 9_000));
        child.ParentJobId = parent.JobId;
        child.ArrayIndex = 2;

        var parentJson = System.Text.Json.JsonSerializer.Serialize(JobInsight.From(parent), BatchRuntimeMonitor.Core.Json.CoreJsonContext.Default.JobInsight);
        var childJson = System.Text.Json.JsonSerializer.Serialize(JobInsight.From(child), BatchRuntimeMonitor.Core.Json.CoreJsonContext.Default.JobInsight);

        parentJson.Should().Contain("\"ArraySize\":4");
        childJson.Should().NotContain("ArraySize").And.Contain("\"ArrayIndex\":2");
    }

    [Fact]
    public void Durations_across_midnight_do_not_wrap()
    {
        var beforeMidnight = PipelineJson.EpochMs("2024-03-31T23:59:30Z");
        var afterMidnight = PipelineJson.EpochMs("2024-04-01T00:00:45Z");
        var job = Ledger(("RUNNABLE", beforeMidnight), ("STARTING", afterMidnight));
        JobDurations.RunnableMs(job).Should().Be(75_000);
    }

    [Fact]
    public void Running_time_is_the_last_attempt_start_to_stop()
    {
        var record = JobLedger.Merge(null, new JobObservation("j")
        {
            Status = "SUCCEEDED",
            StatusAt = 900_000,
            Attempts =
            [
                new AttemptObservation("task-b") { TaskArn = "task-b", StartedAt = 500_000, StoppedAt = 800_000 },
                new AttemptObservation("task-a") { TaskArn = "task-a", StartedAt = 100_000, StoppedAt = 160_000 },
            ],
        });
        JobDurations.RunningMs(record).Should().Be(300_000);
        record.LastAttempt!.TaskArn.Should().Be("task-b");
    }
}
