using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Naming;
using BatchRuntimeMonitor.Tests.Core.Support;
using BatchRuntimeMonitor.Tests.Functions.Support;
using BatchRuntimeMonitor.Tests.Support;
using AsgMonitoringFunction = BatchRuntimeMonitor.Functions.AsgMonitoring.Function;
using InstanceRegistrationFunction = BatchRuntimeMonitor.Functions.InstanceRegistration.Function;
using JobTransitionsFunction = BatchRuntimeMonitor.Functions.JobTransitions.Function;
using RunTaskCallsFunction = BatchRuntimeMonitor.Functions.RunTaskCalls.Function;

namespace BatchRuntimeMonitor.Tests.Functions;

public class HandlerTests
{
    public static TheoryData<string> AllSamples() => SharedEvents.AllRelativePaths();

    internal static FunctionHarness JobTransitions(MonitorStores? stores = null) => new((s, o, op, e) => new JobTransitionsFunction(s, o, op, e).HandleAsync, stores);

    internal static FunctionHarness RunTaskCalls(MonitorStores? stores = null) => new((s, o, op, e) => new RunTaskCallsFunction(s, o, op, e).HandleAsync, stores);

    internal static FunctionHarness InstanceRegistration(MonitorStores? stores = null) => new((s, o, op, e) => new InstanceRegistrationFunction(s, o, op, e).HandleAsync, stores);

    internal static FunctionHarness AsgMonitoring(MonitorStores? stores = null) => new((s, o, op, e) => new AsgMonitoringFunction(s, o, op, e).HandleAsync, stores);

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Every_shared_sample_wrapped_as_its_state_machine_wraps_it_is_processed_without_failure(string relativePath)
    {
        var @event = PipelineJson.SharedEvent(relativePath);
        switch (relativePath.Split('/', '\\')[0])
        {
            case "batch-job":
                if (ContainerInstanceOf(@event) is { } arn)
                {
                    await AssertJobEventAsync(@event, JoinFound(arn));
                    await AssertJobEventAsync(@event, PipelineJson.Join(arn, item: null, attempts: 3));
                }
                else
                {
                    await AssertJobEventAsync(@event, join: null);
                }

                break;
            case "ecs-task":
                await AssertIgnoredTaskAsync(@event);
                break;
            case "ecs-container-instance":
                await AssertContainerInstanceAsync(@event);
                break;
            case "cloudtrail-create-asg":
                await AssertAsgCreatedAsync(@event);
                break;
            default:
                throw new InvalidOperationException($"{relativePath}: no state machine wrapping is known for this folder; add one here");
        }
    }

    private static async Task AssertJobEventAsync(JsonObject @event, JsonObject? join)
    {
        var detail = @event["detail"]!;
        var blocked = @event["detail-type"]!.GetValue<string>() == "Batch Job Queue Blocked";
        var status = detail["status"]!.GetValue<string>();
        var jobId = detail["jobId"]!.GetValue<string>();
        var queue = BatchNames.NameFromArn(detail["jobQueue"]!.GetValue<string>());
        var definition = BatchNames.JobDefinitionName(detail["jobDefinition"]!.GetValue<string>());
        var function = JobTransitions();

        var failures = await function.InvokeAsync(PipelineJson.Record(blocked ? RecordKind.JobQueueBlocked : RecordKind.JobStateChange, @event, join));

        failures.Should().BeEmpty();
        function.Errors.ToString().Should().BeEmpty();
        var job = (await function.JobAsync(jobId))!;
        job.Status.Should().Be(status);
        job.JobQueue.Should().Be(queue);
        job.JobDefinition.Should().Be(BatchNames.JobDefinitionWithRevision(detail["jobDefinition"]!.GetValue<string>()));

        function.ShouldWriteOnlyValidEmf();
        var keys = function.Observations().Select(o => o.Key).ToList();
        keys.Should().Contain($"{status}|JobQueue={queue}").And.Contain($"{status}|JobDefinition={definition}");
        function.Observations().Should().OnlyContain(o => o.Timestamp > 0 && o.Timestamp <= PipelineJson.EpochMs(@event["time"]!.GetValue<string>()) + 1);
        if (blocked)
        {
            keys.Should().Contain($"JobQueueBlocked|JobQueue={queue}");
        }

        var placed = status is "STARTING" or "RUNNING" or "SUCCEEDED" or "FAILED";
        if (join?["found"]!.GetValue<bool>() == true && placed)
        {
            keys.Should().Contain($"{status}|InstanceType=m5.2xlarge").And.Contain($"{status}|AvailabilityZone=us-east-1a");
            keys.Should().Contain("JobsPlaced|InstanceType=m5.2xlarge");
            job.LastAttempt!.InstanceType.Should().Be("m5.2xlarge");
            job.LastAttempt.InstanceId.Should().Be("i-0123456789abcdef0");
        }
        else if (join is not null)
        {
            keys.Should().NotContain(k => k.Contains("InstanceType=", StringComparison.Ordinal), "the instance is unknown: neither the join nor the store knows it");
            job.LastAttempt!.InstanceType.Should().BeNull();
        }

        if (placed && join is not null)
        {
            job.ComputeEnvironment.Should().NotBeNull("the cluster in the container instance ARN names it");
            keys.Should().Contain($"{status}|ComputeEnvironment={job.ComputeEnvironment}");
        }

        var insights = function.InsightLines();
        if (status is "SUCCEEDED" or "FAILED")
        {
            var insight = insights.Should().ContainSingle().Subject;
            insight["JobId"]!.GetValue<string>().Should().Be(jobId);
            insight["Status"]!.GetValue<string>().Should().Be(status);
            insight["JobQueue"]!.GetValue<string>().Should().Be(queue);
        }
        else
        {
            insights.Should().BeEmpty("the job has not finished");
        }
    }

    private static async Task AssertIgnoredTaskAsync(JsonObject @event)
    {
        var function = RunTaskCalls();
        var arn = @event["detail"]!["containerInstanceArn"]?.GetValue<string>();
        var failures = await function.InvokeAsync(PipelineJson.Record(RecordKind.TaskStateChange, @event, arn is null ? null : PipelineJson.Join(arn, null)));
        failures.Should().BeEmpty("a task Batch did not start is ignored, not failed");
        function.Errors.ToString().Should().BeEmpty();
        function.Lines().Should().BeEmpty();
        function.JobCount.Should().Be(0);
    }

    private static async Task AssertContainerInstanceAsync(JsonObject @event)
    {
        var function = InstanceRegistration();
        var failures = await function.InvokeAsync(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event));
        failures.Should().BeEmpty();
        function.Errors.ToString().Should().BeEmpty();
        var arn = @event["detail"]!["containerInstanceArn"]!.GetValue<string>();
        var instance = (await function.InstanceAsync(arn))!;
        instance.Ec2InstanceId.Should().Be(@event["detail"]!["ec2InstanceId"]!.GetValue<string>());
        instance.IsActive.Should().BeTrue();
        function.ShouldWriteOnlyValidEmf();
        function.Observations().Select(o => o.Key).Should().Equal("RegisterContainerInstance|ECSCluster=default");
    }

    private static async Task AssertAsgCreatedAsync(JsonObject @event)
    {
        var function = AsgMonitoring();
        var failures = await function.InvokeAsync(PipelineJson.Record(RecordKind.AsgCreated, @event, metricsCollection: new JsonObject { ["enabled"] = true }));
        failures.Should().BeEmpty();
        function.Errors.ToString().Should().BeEmpty();
        function.ShouldWriteOnlyValidEmf();
        function.EmfLines().Should().BeEmpty("the group 'catalogService' names no compute environment, and a set with an unknown value is not written");
    }

    [Fact]
    public async Task Asg_created_by_Batch_counts_metrics_enabled_once_per_group_under_its_compute_environment()
    {
        var @event = PipelineJson.SharedEvent("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json");
        @event["detail"]!["requestParameters"]!["autoScalingGroupName"] = "gpu-ce-asg-0a95f22d-7108-3c4e-99f7-2fd92e1a8941";
        var function = AsgMonitoring();
        var record = PipelineJson.Record(RecordKind.AsgCreated, @event, metricsCollection: new JsonObject { ["enabled"] = true });

        (await function.InvokeAsync(record, record)).Should().BeEmpty();

        function.ShouldWriteOnlyValidEmf();
        function.Observations().Select(o => o.Key).Should().Equal("AsgMetricsEnabled|ComputeEnvironment=gpu-ce");
        function.Observations().Single().Timestamp.Should().Be(PipelineJson.EpochMs("2025-03-10T15:05:37Z"));
    }

    [Fact]
    public async Task Asg_whose_metrics_could_not_be_enabled_is_reported_on_stderr_not_counted()
    {
        var @event = PipelineJson.SharedEvent("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json");
        var function = AsgMonitoring();
        var failures = await function.InvokeAsync(PipelineJson.Record(RecordKind.AsgCreated, @event, metricsCollection: new JsonObject { ["enabled"] = false, ["error"] = "AccessDenied" }));
        failures.Should().BeEmpty();
        function.Errors.ToString().Should().Contain("catalogService").And.Contain("AccessDenied");
        function.Lines().Should().BeEmpty();
    }

    [Fact]
    public async Task Ecs_task_event_started_by_Batch_places_the_job_attempt()
    {
        var task = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        var arn = task["detail"]!["containerInstanceArn"]!.GetValue<string>();
        var function = RunTaskCalls();
        (await function.InvokeAsync(PipelineJson.Record(RecordKind.TaskStateChange, task, JoinFound(arn)))).Should().BeEmpty();

        var job = (await function.JobAsync("7419bcec-23b4-4a65-981b-857c5a9040a5"))!;
        job.Attempts.Should().ContainSingle().Which.InstanceType.Should().Be("m5.2xlarge");
        function.ShouldWriteOnlyValidEmf();
        function.Observations().Select(o => o.Key).Should().BeEquivalentTo(
            "JobsPlaced|InstanceType=m5.2xlarge", "JobsPlaced|AvailabilityZone=us-east-1a",
            "JobsPlaced|ComputeEnvironment=batch-compute-env-dev", "JobsPlaced|JobQueue=batch-job-queue-dev");
    }

    [Fact]
    public async Task RunTask_call_by_Batch_counts_the_call_and_each_placement_failure_reason_once()
    {
        var call = PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-runtask-by-batch.json")))!.AsObject());
        var function = RunTaskCalls();
        var record = PipelineJson.Record(RecordKind.RunTaskCall, call);
        (await function.InvokeAsync(record, record)).Should().BeEmpty();

        function.ShouldWriteOnlyValidEmf();
        MetricObservation.Totals(function.Observations()).Should().Equal(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["PlacementFailures|ComputeEnvironment=batch-compute-env-dev,Reason=RESOURCE:CPU"] = "n=1 sum=1",
            ["PlacementFailures|ComputeEnvironment=batch-compute-env-dev,Reason=RESOURCE:MEMORY"] = "n=1 sum=2",
            ["PlacementFailures|JobQueue=batch-job-queue-dev,Reason=RESOURCE:CPU"] = "n=1 sum=1",
            ["PlacementFailures|JobQueue=batch-job-queue-dev,Reason=RESOURCE:MEMORY"] = "n=1 sum=2",
            ["RunTaskCalls|ComputeEnvironment=batch-compute-env-dev"] = "n=1 sum=1",
            ["RunTaskCalls|JobQueue=batch-job-queue-dev"] = "n=1 sum=1",
        });
    }

    [Fact]
    public async Task RunTask_calls_in_turn_each_count_only_their_own_call_and_failure_reasons()
    {
        // The processor reuses one document builder for every call: nothing of a call may carry over to the next.
        var failed = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-runtask-by-batch.json")))!.AsObject();
        var placed = failed.DeepClone().AsObject();
        placed["eventID"] = "5e6f7a8b-0000-4000-8000-0000000000ff";
        placed["responseElements"]!["failures"] = new JsonArray();
        var function = RunTaskCalls();
        (await function.InvokeAsync(
            PipelineJson.Record(RecordKind.RunTaskCall, PipelineJson.WrapCloudTrail(failed)),
            PipelineJson.Record(RecordKind.RunTaskCall, PipelineJson.WrapCloudTrail(placed)))).Should().BeEmpty();

        function.ShouldWriteOnlyValidEmf();
        function.Lines().Should().HaveCount(4, "the first call's count and one document per reason (two), then the second call's count");
        MetricObservation.Totals(function.Observations()).Should().Equal(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["PlacementFailures|ComputeEnvironment=batch-compute-env-dev,Reason=RESOURCE:CPU"] = "n=1 sum=1",
            ["PlacementFailures|ComputeEnvironment=batch-compute-env-dev,Reason=RESOURCE:MEMORY"] = "n=1 sum=2",
            ["PlacementFailures|JobQueue=batch-job-queue-dev,Reason=RESOURCE:CPU"] = "n=1 sum=1",
            ["PlacementFailures|JobQueue=batch-job-queue-dev,Reason=RESOURCE:MEMORY"] = "n=1 sum=2",
            ["RunTaskCalls|ComputeEnvironment=batch-compute-env-dev"] = "n=2 sum=2",
            ["RunTaskCalls|JobQueue=batch-job-queue-dev"] = "n=2 sum=2",
        });
    }

    [Fact]
    public async Task Handler_answers_with_the_failed_message_ids_only()
    {
        var function = JobTransitions();
        var good = PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json"));
        var failures = await function.InvokeAsync(PipelineJson.SqsEvent(("ok", good.ToJsonString()), ("bad", "not json")));
        failures.Should().Equal("bad");
        function.Errors.ToString().Should().Contain("message bad rejected");
    }

    [Fact]
    public async Task Handler_fails_the_invocation_when_the_payload_is_not_an_SQS_event()
    {
        var function = JobTransitions();
        var act = () => function.InvokeAsync("[1,2,3]");
        await act.Should().ThrowAsync<InvalidDataException>().WithMessage("*not an SQS event*");
    }

    internal static string? ContainerInstanceOf(JsonObject @event)
    {
        var detail = @event["detail"]!;
        return detail["container"]?["containerInstanceArn"]?.GetValue<string>()
            ?? detail["ecsProperties"]?["taskProperties"]?[0]?["containerInstanceArn"]?.GetValue<string>();
    }

    internal static JsonObject JoinFound(string containerInstanceArn)
    {
        var cluster = BatchNames.ClusterFromResourceArn(containerInstanceArn);
        var instance = new InstanceRecord
        {
            ContainerInstanceArn = containerInstanceArn,
            Ec2InstanceId = "i-0123456789abcdef0",
            InstanceType = "m5.2xlarge",
            AvailabilityZone = "us-east-1a",
            Architecture = "x86_64",
            AmiId = "ami-0123456789abcdef0",
            ClusterName = cluster,
            ComputeEnvironment = BatchNames.ComputeEnvironmentFromCluster(cluster),
            RegisteredVcpus = 8,
            RegisteredMemoryMiB = 31_000,
            RegisteredAt = 1_500_000_000_000,
            RegistrationCounted = true,
        };
        return PipelineJson.Join(containerInstanceArn, InstanceItemMapping.ToItem(instance));
    }
}
