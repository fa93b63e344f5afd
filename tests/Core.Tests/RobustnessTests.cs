using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

public class RobustnessTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e1d2c3b4a59687766554433221100";

    /// <summary>
    /// CloudTrail does not promise ISO dates inside responseElements (the ECS JSON API itself sends epoch seconds,
    /// and CloudTrail renders some SDK dates as "Dec 6, 2016 4:41:06 PM"). An unreadable date must not lose the
    /// registration: it falls back to the call's eventTime.
    /// </summary>
    [Theory]
    [InlineData("\"May 1, 2024, 10:00:03 AM\"")]
    [InlineData("1714557603.123")]
    [InlineData("\"HIDDEN_DUE_TO_SECURITY_REASONS\"")]
    public async Task Register_call_whose_registeredAt_is_not_an_ISO_date_still_registers_at_the_call_time(string registeredAt)
    {
        var record = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-register-container-instance.json")))!.AsObject();
        record["responseElements"]!["containerInstance"]!["registeredAt"] = JsonNode.Parse(registeredAt);
        var run = new Processors();

        await run.ApplyAsync(PipelineJson.Record(RecordKind.RegisterContainerInstanceCall, PipelineJson.WrapCloudTrail(record)));

        var instance = run.Instance(Arn)!;
        instance.RegisteredAt.Should().Be(PipelineJson.EpochMs("2024-05-01T10:00:05Z"));
        instance.InstanceType.Should().Be("c6g.2xlarge");
        instance.RegisteredVcpus.Should().Be(8);
    }

    /// <summary>
    /// A multi-container job's exit code is the first non-zero one (the container that failed the job); the Batch
    /// event and the ECS task event must agree, or the ledger would keep whichever arrived first.
    /// </summary>
    [Fact]
    public async Task Multi_container_exit_code_is_the_same_whichever_of_the_Batch_and_ECS_events_arrives_first()
    {
        var batch = PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json");
        batch["detail"]!["status"] = "FAILED";
        var containers = batch["detail"]!["attempts"]![0]!["taskProperties"]![0]!["containers"]!.AsArray();
        var sidecar = (JsonObject)containers[0]!.DeepClone();
        sidecar["name"] = "sidecar";
        sidecar["exitCode"] = 3;
        containers.Add(sidecar);
        var current = batch["detail"]!["ecsProperties"]!["taskProperties"]![0]!["containers"]!.AsArray();
        current.Add(sidecar.DeepClone());

        var task = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        task["detail"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["exitCode"] = 3, ["lastStatus"] = "STOPPED" });

        var batchFirst = new Processors();
        await batchFirst.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, batch));
        await batchFirst.ApplyAsync(PipelineJson.Record(RecordKind.TaskStateChange, task));
        var taskFirst = new Processors();
        await taskFirst.ApplyAsync(PipelineJson.Record(RecordKind.TaskStateChange, task));
        await taskFirst.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, batch));

        const string jobId = "7419bcec-23b4-4a65-981b-857c5a9040a5";
        batchFirst.Job(jobId)!.Attempts.Should().ContainSingle().Which.ExitCode.Should().Be(3);
        taskFirst.Job(jobId)!.Attempts.Should().ContainSingle().Which.ExitCode.Should().Be(3);
    }
}
