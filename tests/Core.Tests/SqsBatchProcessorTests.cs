using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Sqs;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

public class SqsBatchProcessorTests
{
    [Fact]
    public async Task Bad_messages_are_reported_by_id_with_their_reason_and_the_good_record_is_applied()
    {
        var good = PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json"));
        var unknownKind = PipelineJson.Record("JobTeleported", PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json"));
        var wrongSchema = PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-operator-cancelled.json"));
        wrongSchema["schema"] = 2;
        var wrongFunction = PipelineJson.Record(RecordKind.AsgCreated, PipelineJson.SharedEvent("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json"));
        var batch = JsonSerializer.Deserialize(PipelineJson.SqsEvent(
            ("malformed", "{\"schema\":1,\"kind\":"),
            ("unknown-kind", unknownKind.ToJsonString()),
            ("good", good.ToJsonString()),
            ("wrong-schema", wrongSchema.ToJsonString()),
            ("wrong-function", wrongFunction.ToJsonString()),
            ("no-event", "{\"schema\":1,\"kind\":\"JobStateChange\"}")), CoreJsonContext.Default.SqsEvent)!;

        var run = new Processors();
        var response = await new SqsBatchProcessor(run.Jobs, run.Errors).ProcessAsync(batch, CancellationToken.None);

        response.BatchItemFailures.Select(f => f.ItemIdentifier).Should().BeEquivalentTo("malformed", "unknown-kind", "wrong-schema", "wrong-function", "no-event");
        var errors = run.Errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        errors.Should().HaveCount(5);
        errors.Should().Contain(l => l.Contains("malformed", StringComparison.Ordinal) && l.Contains("not a PipelineRecord", StringComparison.Ordinal));
        errors.Should().Contain(l => l.Contains("unknown-kind", StringComparison.Ordinal) && l.Contains("unknown kind 'JobTeleported'", StringComparison.Ordinal));
        errors.Should().Contain(l => l.Contains("wrong-schema", StringComparison.Ordinal) && l.Contains("schema 2 is not supported", StringComparison.Ordinal));
        errors.Should().Contain(l => l.Contains("wrong-function", StringComparison.Ordinal) && l.Contains("not a job event", StringComparison.Ordinal));
        errors.Should().Contain(l => l.Contains("no-event", StringComparison.Ordinal) && l.Contains("no event object", StringComparison.Ordinal));
        errors.Should().NotContain(l => l.Contains("message good", StringComparison.Ordinal));

        run.Job("ef9e8d6c-f480-418a-87e0-3cf72f3d3eb7")!.Status.Should().Be("FAILED");
        run.Job("5c202a35-06d6-4afd-b2f4-168a6430ceda").Should().BeNull("the wrong-schema record must not be applied");
    }

    [Fact]
    public async Task A_batch_of_good_records_reports_no_failures()
    {
        var batch = JsonSerializer.Deserialize(PipelineJson.SqsEvent(
            PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json")),
            PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json"))), CoreJsonContext.Default.SqsEvent)!;
        var run = new Processors();
        var response = await new SqsBatchProcessor(run.Jobs, run.Errors).ProcessAsync(batch, CancellationToken.None);
        response.BatchItemFailures.Should().BeEmpty();
        run.Errors.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_handed_over_as_utf8_is_read_from_those_bytes_and_rejected_by_them_too()
    {
        var good = PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json")).ToJsonString();
        var batch = new SqsEvent
        {
            Records =
            [
                // Body says nothing: the local runner sets only the UTF-8 body, and the function must read that.
                new SqsMessage { MessageId = "utf8-good", Utf8Body = System.Text.Encoding.UTF8.GetBytes(good) },
                new SqsMessage { MessageId = "utf8-malformed", Body = good, Utf8Body = "{\"schema\":1,\"kind\":"u8.ToArray() },
            ],
        };

        var run = new Processors();
        var response = await new SqsBatchProcessor(run.Jobs, run.Errors).ProcessAsync(batch, CancellationToken.None);

        response.BatchItemFailures.Select(f => f.ItemIdentifier).Should().Equal("utf8-malformed");
        run.Errors.ToString().Should().Contain("utf8-malformed").And.Contain("not a PipelineRecord");
        run.Job("ef9e8d6c-f480-418a-87e0-3cf72f3d3eb7")!.Status.Should().Be("FAILED");
    }

    [Fact]
    public void Lambdas_sqs_event_json_never_carries_the_local_utf8_body()
    {
        var message = new SqsMessage { MessageId = "m1", Body = "{}", Utf8Body = "{\"x\":1}"u8.ToArray() };
        var json = JsonSerializer.Serialize(new SqsEvent { Records = [message] }, CoreJsonContext.Default.SqsEvent);

        json.Should().NotContain("Utf8", "it is the local runner's hand-over, not part of Lambda's event");
        JsonSerializer.Deserialize(json, CoreJsonContext.Default.SqsEvent)!.Records.Single().Utf8Body.Should().BeNull();
    }

    [Fact]
    public void Batch_response_serializes_with_the_field_names_Lambda_expects()
    {
        var response = new SqsBatchResponse { BatchItemFailures = [new SqsBatchItemFailure { ItemIdentifier = "m1" }] };
        var node = JsonNode.Parse(JsonSerializer.Serialize(response, CoreJsonContext.Default.SqsBatchResponse))!;
        node["batchItemFailures"]![0]!["itemIdentifier"]!.GetValue<string>().Should().Be("m1");
    }
}
