using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Tests.Core.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Core;

public class EventModelTests
{
    public static TheoryData<string> AllSamples() => SharedEvents.AllRelativePaths();

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_shared_sample_deserializes_into_its_typed_event(string relativePath)
    {
        var json = PipelineJson.SharedEvent(relativePath).ToJsonString();
        var family = relativePath.Split('/', '\\')[0];
        switch (family)
        {
            case "batch-job":
                var job = JsonSerializer.Deserialize(json, CoreJsonContext.Default.EventBridgeEventBatchJobDetail)!;
                job.Source.Should().Be("aws.batch");
                job.Time.Should().NotBeNull();
                job.Detail!.JobId.Should().NotBeNullOrEmpty();
                job.Detail.Status.Should().BeOneOf("RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED");
                job.Detail.JobQueue.Should().Contain("job-queue/");
                job.Detail.JobDefinition.Should().Contain("job-definition/");
                break;
            case "ecs-task":
                var task = JsonSerializer.Deserialize(json, CoreJsonContext.Default.EventBridgeEventEcsTaskDetail)!;
                task.DetailType.Should().Be("ECS Task State Change");
                task.Detail!.TaskArn.Should().Contain(":task/");
                task.Detail.LastStatus.Should().Be("RUNNING");
                task.Detail.StartedAt.Should().NotBeNull();
                break;
            case "ecs-container-instance":
                var instance = JsonSerializer.Deserialize(json, CoreJsonContext.Default.EventBridgeEventEcsContainerInstanceDetail)!;
                instance.DetailType.Should().Be("ECS Container Instance State Change");
                instance.Detail!.ContainerInstanceArn.Should().Contain(":container-instance/");
                instance.Detail.Ec2InstanceId.Should().StartWith("i-");
                instance.Detail.RegisteredResources.Should().Contain(r => r.Name == "CPU" && r.IntegerValue > 0);
                break;
            case var cloudTrail when cloudTrail.StartsWith("cloudtrail-", StringComparison.Ordinal):
                var call = JsonSerializer.Deserialize(json, CoreJsonContext.Default.EventBridgeEventCloudTrailRecord)!;
                call.DetailType.Should().Be("AWS API Call via CloudTrail");
                call.Detail!.EventName.Should().NotBeNullOrEmpty();
                call.Detail.EventId.Should().NotBeNullOrEmpty();
                call.Detail.EventTime.Should().Be(call.Time);
                call.Detail.RequestParameters.ValueKind.Should().Be(JsonValueKind.Object);
                break;
            default:
                throw new InvalidOperationException($"no typed event for sample folder {family}: add one here");
        }
    }

    [Fact]
    public void Batch_event_reads_the_fields_the_ledger_needs_from_a_failed_job()
    {
        var job = ReadBatch("batch-job/calcloud-failed-oom-reason.json").Detail!;
        job.StatusReason.Should().Be("Essential container in task exited");
        job.Container!.ExitCode.Should().Be(24);
        job.Container.Reason.Should().StartWith("OutOfMemoryError");
        job.Attempts.Should().ContainSingle().Which.Container!.LogStreamName.Should().Be("calcloud-jobdef-02g-test/default/6c2a097f4261465392ff63aea14928cc");
        job.CreatedAt.Should().Be(1636132204903);
        job.StoppedAt.Should().Be(1636132974807);
    }

    [Fact]
    public void Batch_event_for_a_multi_container_job_reads_task_properties()
    {
        var job = ReadBatch("batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json").Detail!;
        job.EcsProperties!.TaskProperties.Should().ContainSingle().Which.ContainerInstanceArn.Should().EndWith("/f711cf81b719480385a66cc3329704b1");
        job.Attempts![0].TaskProperties![0].Containers![0].ExitCode.Should().Be(0);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_missing_optional_fields_read_as_null()
    {
        const string json = """
            {"version":"0","id":"x","detail-type":"Batch Job State Change","source":"aws.batch","time":"2024-01-01T00:00:00Z",
             "futureEnvelopeField":{"a":[1,2]},
             "detail":{"jobId":"j1","status":"RUNNABLE","brandNewField":"v","container":{"somethingNew":true}}}
            """;
        var job = JsonSerializer.Deserialize(json, CoreJsonContext.Default.EventBridgeEventBatchJobDetail)!;
        job.Detail!.JobId.Should().Be("j1");
        job.Detail.Attempts.Should().BeNull();
        job.Detail.JobQueue.Should().BeNull();
        job.Detail.Container!.ExitCode.Should().BeNull();
        job.Account.Should().BeNull();
    }

    [Fact]
    public void CloudTrail_record_with_null_response_elements_reads_as_a_json_null()
    {
        var call = JsonSerializer.Deserialize(PipelineJson.SharedEvent("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json").ToJsonString(),
            CoreJsonContext.Default.EventBridgeEventCloudTrailRecord)!;
        call.Detail!.ResponseElements.ValueKind.Should().Be(JsonValueKind.Null);
        call.Detail.UserIdentity!.Type.Should().Be("IAMUser");
        call.Detail.EventSource.Should().Be("autoscaling.amazonaws.com");
    }

    [Fact]
    public void CloudTrail_record_with_redacted_values_still_deserializes()
    {
        var record = new JsonObject
        {
            ["eventID"] = "e1",
            ["eventTime"] = "2024-05-01T10:00:00Z",
            ["eventSource"] = "ecs.amazonaws.com",
            ["eventName"] = "RegisterContainerInstance",
            ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["invokedBy"] = "HIDDEN_DUE_TO_SECURITY_REASONS" },
            ["requestParameters"] = new JsonObject { ["instanceIdentityDocument"] = "HIDDEN_DUE_TO_SECURITY_REASONS", ["cluster"] = "HIDDEN_DUE_TO_SECURITY_REASONS" },
            ["responseElements"] = "HIDDEN_DUE_TO_SECURITY_REASONS",
        };
        var call = JsonSerializer.Deserialize(PipelineJson.WrapCloudTrail(record).ToJsonString(), CoreJsonContext.Default.EventBridgeEventCloudTrailRecord)!;
        call.Detail!.ResponseElements.ValueKind.Should().Be(JsonValueKind.String);
        call.Detail.UserIdentity!.InvokedBy.Should().Be("HIDDEN_DUE_TO_SECURITY_REASONS");
    }

    [Fact]
    public void Redacted_identity_document_in_a_register_call_gives_no_instance_type_but_keeps_the_response()
    {
        var record = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-register-container-instance.json")))!.AsObject();
        record["requestParameters"]!["instanceIdentityDocument"] = "HIDDEN_DUE_TO_SECURITY_REASONS";
        var call = JsonSerializer.Deserialize(PipelineJson.WrapCloudTrail(record).ToJsonString(), CoreJsonContext.Default.EventBridgeEventCloudTrailRecord)!;
        var observation = InstanceObservations.FromRegisterCall(call);
        observation.ContainerInstanceArn.Should().EndWith("/0f0e1d2c3b4a59687766554433221100");
        observation.InstanceType.Should().Be("c6g.2xlarge", "the response's containerInstance attributes still say it");
        observation.AvailabilityZone.Should().Be("us-east-1b");
    }

    private static EventBridgeEvent<BatchJobDetail> ReadBatch(string path) =>
        JsonSerializer.Deserialize(SharedEvents.Read(path), CoreJsonContext.Default.EventBridgeEventBatchJobDetail)!;
}
