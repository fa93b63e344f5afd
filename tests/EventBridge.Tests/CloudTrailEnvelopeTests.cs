using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge;

public class CloudTrailEnvelopeTests
{
    private const string Sample = "cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json";

    [Fact]
    public void Wraps_the_record_as_an_AWS_API_call_event()
    {
        var record = JsonNode.Parse(SharedEvents.Read(Sample))!;
        var @event = CloudTrailEnvelope.Wrap(record);

        @event["version"]!.GetValue<string>().Should().Be("0");
        @event["detail-type"]!.GetValue<string>().Should().Be("AWS API Call via CloudTrail");
        @event["source"]!.GetValue<string>().Should().Be("aws.autoscaling");
        @event["account"]!.GetValue<string>().Should().Be("123456789981");
        @event["region"]!.GetValue<string>().Should().Be("us-east-1");
        @event["time"]!.GetValue<string>().Should().Be("2025-03-10T15:05:37Z");
        JsonNode.DeepEquals(@event["detail"], record).Should().BeTrue();
    }

    [Fact]
    public void The_envelope_id_is_stable_for_the_same_record()
    {
        var record = JsonNode.Parse(SharedEvents.Read(Sample))!;
        CloudTrailEnvelope.Wrap(record)["id"]!.GetValue<string>().Should().Be(CloudTrailEnvelope.Wrap(record)["id"]!.GetValue<string>());
    }

    [Fact]
    public void The_record_is_copied_not_moved()
    {
        var record = JsonNode.Parse("""{"eventSource":"batch.amazonaws.com","eventName":"SubmitJob"}""")!;
        var @event = CloudTrailEnvelope.Wrap(record);
        @event["source"]!.GetValue<string>().Should().Be("aws.batch");
        record.Parent.Should().BeNull();
    }

    [Fact]
    public void A_record_without_eventSource_is_rejected() =>
        FluentActions.Invoking(() => CloudTrailEnvelope.Wrap(new JsonObject())).Should().Throw<ArgumentException>();
}
