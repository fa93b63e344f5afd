using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The hand-written container instance state change reader against the typed (System.Text.Json) read it replaces
/// in InstanceRegistrationProcessor.Observe: the same observation for the shared sample and its variants, the same
/// tolerance of what it skips, and a rejection naming the field for what it cannot read.
/// </summary>
public class ContainerInstanceEventReaderTests
{
    private const string Sample = "ecs-container-instance/awsdocs-ecs-container-instance-2016.json";

    public static TheoryData<string> Variants() => new(Mutations.Keys);

    private static readonly Dictionary<string, Action<JsonObject>> Mutations = new()
    {
        ["as sampled"] = _ => { },
        ["INACTIVE"] = d => d["status"] = "INACTIVE",
        ["DRAINING"] = d => d["status"] = "DRAINING",
        ["REGISTERING"] = d => d["status"] = "REGISTERING",
        ["DEREGISTERING without registeredAt"] = d =>
        {
            d["status"] = "DEREGISTERING";
            d.Remove("registeredAt");
        },
        ["no updatedAt: the event's time"] = d => d.Remove("updatedAt"),
        ["nulls"] = d =>
        {
            d["updatedAt"] = null;
            d["registeredAt"] = null;
            d["attributes"] = null;
            d["registeredResources"] = null;
            d["clusterArn"] = null;
        },
        ["Batch attributes and resources"] = d =>
        {
            d["attributes"] = JsonNode.Parse("""
                [{"name":"ecs.instance-type","value":"m6g.large"},{"name":"ecs.availability-zone","value":"us-east-1b"},
                 {"name":"ecs.cpu-architecture","value":"arm64"},{"name":"ecs.ami-id","value":"ami-0123"},{"name":"ecs.os-type"},
                 {"name":"ecs.instance-type","value":"m6g.2xlarge","extra":[1,{"name":"x"}]},{"value":"no name"}]
                """);
            d["registeredResources"] = JsonNode.Parse("""
                [{"name":"CPU","type":"INTEGER","integerValue":2048,"doubleValue":0.0},{"name":"MEMORY","type":"INTEGER","integerValue":"7680"},
                 {"name":"PORTS","type":"STRINGSET","stringSetValue":["22","2375"]},{"name":"CPU","integerValue":null}]
                """);
        },
        ["unknown members and a Batch cluster"] = d =>
        {
            d["clusterArn"] = "arn:aws:ecs:us-east-1:111122223333:cluster/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941";
            d["somethingNew"] = new JsonObject { ["attributes"] = new JsonArray(new JsonObject { ["name"] = "ecs.instance-type", ["value"] = "not-this" }) };
            d["version"] = 14;
        },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_gives_the_observation_of_the_typed_read(string variant)
    {
        var @event = PipelineJson.SharedEvent(Sample);
        Mutations[variant](@event["detail"]!.AsObject());
        var message = PipelineRecordReader.Parse(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event).ToJsonString());

        var typed = message.Read(PipelineJsonContext.Default.PipelineRecordEcsContainerInstanceDetail).Event!;
        var read = ContainerInstanceEventReader.Read(message);

        read.Time.Should().Be(typed.Time);
        read.Detail.Should().BeEquivalentTo(typed.Detail, o => o.WithStrictOrdering().Excluding(d => d!.Version).Excluding(m => m.Path.EndsWith(".Type", StringComparison.Ordinal)));
        var observation = InstanceObservations.FromStateChange(read.Detail, read.Time);
        observation.Should().Be(InstanceObservations.FromStateChange(typed.Detail!, typed.Time));
        observation.ContainerInstanceArn.Should().EndWith("/b54a2a04-046f-4331-9d74-3f6d7f6ca315");
        if (variant == "Batch attributes and resources")
        {
            observation.InstanceType.Should().Be("m6g.2xlarge", "the last instance-type attribute counts, as before");
            observation.RegisteredVcpus.Should().Be(2);
            observation.RegisteredMemoryMiB.Should().Be(7680);
        }
    }

    [Theory]
    [InlineData("registeredAt", "5", "detail.registeredAt is Number, expected an ISO 8601 date")]
    [InlineData("status", "{}", "detail.status is StartObject, expected a string")]
    [InlineData("attributes", "\"ecs.instance-type\"", "detail.attributes is String, expected an array")]
    [InlineData("registeredResources", "[{\"name\":\"CPU\",\"integerValue\":true}]", "detail.registeredResources[].integerValue is True, expected an integer")]
    public void A_member_of_the_wrong_type_is_rejected_by_its_path_as_the_typed_read_rejected_it(string member, string value, string reason)
    {
        var @event = PipelineJson.SharedEvent(Sample);
        @event["detail"]![member] = JsonNode.Parse(value);
        var message = PipelineRecordReader.Parse(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event).ToJsonString());

        var typed = () => message.Read(PipelineJsonContext.Default.PipelineRecordEcsContainerInstanceDetail);
        typed.Should().Throw<RecordRejectedException>();
        var read = () => ContainerInstanceEventReader.Read(message);
        read.Should().Throw<RecordRejectedException>().WithMessage($"ContainerInstanceStateChange event does not read as EcsContainerInstanceDetail: {reason}");
    }

    /// <summary>A null list item is rejected by name (the typed read kept it, and the observation failed on it without saying why).</summary>
    [Fact]
    public void A_null_attribute_is_rejected_naming_the_list()
    {
        var @event = PipelineJson.SharedEvent(Sample);
        @event["detail"]!["attributes"]!.AsArray().Add(null);
        var message = PipelineRecordReader.Parse(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event).ToJsonString());

        var read = () => ContainerInstanceEventReader.Read(message);

        read.Should().Throw<RecordRejectedException>().WithMessage("*detail.attributes[] is Null, expected an object");
    }

    [Fact]
    public void The_registration_function_observes_with_it()
    {
        var @event = PipelineJson.SharedEvent(Sample);
        var message = PipelineRecordReader.Parse(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event).ToJsonString());

        var observation = BatchRuntimeMonitor.Core.InstanceRegistrationProcessor.Observe(message);

        observation.Should().Be(InstanceObservations.FromStateChange(ContainerInstanceEventReader.Read(message).Detail, ContainerInstanceEventReader.Read(message).Time));
        observation.RegisteredAt.Should().NotBeNull();
    }
}
