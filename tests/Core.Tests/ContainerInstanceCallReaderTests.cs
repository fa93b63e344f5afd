using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The hand-written RegisterContainerInstance / DeregisterContainerInstance reader (<see cref="ContainerInstanceCallReader"/>)
/// against the typed read it replaces in <see cref="InstanceRegistrationProcessor.Observe"/> (kept as the oracle, and as
/// the fallback for a container instance the hand read does not vouch for): the same observation, or the same
/// failure, for the samples and for requests and responses missing, redacted, reshaped, repeated or mistyped.
/// </summary>
public class ContainerInstanceCallReaderTests
{
    private const string Register = "constructed-cloudtrail-register-container-instance.json";
    private const string Deregister = "constructed-cloudtrail-deregister-container-instance.json";

    public static TheoryData<string> Variants() => new(Mutations.Keys);

    /// <summary>Variants whose container instance the typed read reads only on its second try, or not at all: the hand read leaves them to it.</summary>
    private static readonly HashSet<string> TypedReadDecides =
    [
        "register: registeredAt in epoch seconds", "register: registeredAt in CloudTrail's prose", "register: updatedAt redacted",
        "register: attribute value a number", "register: a null attribute", "register: an attribute that is a string",
        "register: integerValue not an integer", "register: integerValue escaped in quotes", "register: resource type a number",
        "register: version a string", "register: attributes an object", "register: status a number, then valid",
        "register: repeated container instance, the last mistyped", "deregister: response with a mistyped container instance",
    ];

    private static readonly Dictionary<string, (string File, RecordKindAndChange Change)> Mutations = new()
    {
        ["register: as sampled"] = (Register, new(_ => { })),
        ["register: as the simulator writes it"] = (Register, new(d =>
        {
            var instance = d["responseElements"]!["containerInstance"]!.AsObject();
            instance["agentConnected"] = true;
            instance["clusterArn"] = "arn:aws:ecs:us-east-1:123456789012:cluster/AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941";
            instance["remainingResources"] = JsonNode.Parse("""[{"name":"PORTS","type":"STRINGSET","stringSetValue":["22","2375"]},{"name":"PORTS_UDP","type":"STRINGSET","stringSetValue":[]}]""");
            instance["registeredResources"]!.AsArray().Add(JsonNode.Parse("""{"name":"PORTS","type":"STRINGSET","stringSetValue":["22","2375"]}"""));
            instance["versionInfo"] = JsonNode.Parse("""{"agentHash":"f4ac5fba","agentVersion":"1.89.2"}""");
            instance["registeredAt"] = "2024-05-01T10:00:04.672Z";
            instance["updatedAt"] = "2024-05-01T10:00:04.700+00:00";
            instance["tags"] = new JsonArray();
            d["requestParameters"]!["instanceIdentityDocument"] = "HIDDEN_DUE_TO_SECURITY_REASONS";
        })),
        ["register: identity document redacted"] = (Register, new(d => d["requestParameters"]!["instanceIdentityDocument"] = "HIDDEN_DUE_TO_SECURITY_REASONS")),
        ["register: identity document not JSON"] = (Register, new(d => d["requestParameters"]!["instanceIdentityDocument"] = "{not json")),
        ["register: identity document only"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["attributes"] = new JsonArray())),
        ["register: identity document a number"] = (Register, new(d =>
        {
            d["requestParameters"]!["instanceIdentityDocument"] = 5;
            d["responseElements"]!["containerInstance"]!["attributes"] = null;
        })),
        ["register: request null"] = (Register, new(d => d["requestParameters"] = null)),
        ["register: request an array"] = (Register, new(d => d["requestParameters"] = new JsonArray("cluster"))),
        ["register: cluster not a string"] = (Register, new(d => d["requestParameters"]!["cluster"] = new JsonObject())),
        ["register: repeated request, the last counts"] = (Register, new(null, json => json.Replace(
            "\"responseElements\":", "\"requestParameters\":{\"cluster\":\"AWSBatch-second-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941\"},\"responseElements\":", StringComparison.Ordinal))),
        ["register: repeated members inside the request, the last counts"] = (Register, new(null, json => json.Replace(
            "\"cluster\":", "\"cluster\":\"AWSBatch-first-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941\",\"instanceIdentityDocument\":7,\"cluster\":", StringComparison.Ordinal))),
        ["register: response null"] = (Register, new(d => d["responseElements"] = null)),
        ["register: response redacted"] = (Register, new(d => d["responseElements"] = "HIDDEN_DUE_TO_SECURITY_REASONS")),
        ["register: container instance null"] = (Register, new(d => d["responseElements"]!["containerInstance"] = null)),
        ["register: container instance without its ARN"] = (Register, new(d => d["responseElements"]!["containerInstance"]!.AsObject().Remove("containerInstanceArn"))),
        ["register: repeated container instance, the last counts"] = (Register, new(null, json => json.Replace(
            "\"responseElements\":{", "\"responseElements\":{\"containerInstance\":{\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:1:container-instance/AWSBatch-x-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/first\",\"status\":5},", StringComparison.Ordinal))),
        ["register: repeated container instance, the last not an object"] = (Register, new(null, json => json.Replace(
            "\"requestID\":", "\"responseElements\":{\"containerInstance\":[]},\"requestID\":", StringComparison.Ordinal))),
        ["register: repeated container instance, the last mistyped"] = (Register, new(null, json => json.Replace(
            "\"requestID\":", "\"responseElements\":{\"containerInstance\":{\"containerInstanceArn\":7}},\"requestID\":", StringComparison.Ordinal))),
        ["register: repeated members inside the container instance, the last counts"] = (Register, new(null, json => json
            .Replace("\"ec2InstanceId\":", "\"ec2InstanceId\":\"i-first\",\"attributes\":[{\"name\":\"ecs.instance-type\",\"value\":\"not-this\"}],\"ec2InstanceId\":", StringComparison.Ordinal))),
        ["register: quoted integers and nulls"] = (Register, new(d =>
        {
            var instance = d["responseElements"]!["containerInstance"]!;
            instance["registeredResources"] = JsonNode.Parse("""[{"name":"CPU","type":null,"integerValue":"8192"},{"name":"MEMORY","integerValue":null},{"name":null}]""");
            instance["version"] = "12";
            instance["status"] = null;
            instance["ec2InstanceId"] = null;
            instance["attributes"]!.AsArray().Add(JsonNode.Parse("""{"name":"ecs.os-family","value":null,"extra":{"name":"x"}}"""));
        })),
        ["register: no dates, no resources, no attributes"] = (Register, new(d =>
        {
            var instance = d["responseElements"]!["containerInstance"]!.AsObject();
            instance.Remove("registeredResources");
            instance["attributes"] = null;
            d.Remove("eventTime");
        })),
        ["register: registeredAt in epoch seconds"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["registeredAt"] = 1714557605)),
        ["register: registeredAt in CloudTrail's prose"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["registeredAt"] = "May 1, 2024 10:00:05 AM")),
        ["register: updatedAt redacted"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["updatedAt"] = "HIDDEN_DUE_TO_SECURITY_REASONS")),
        ["register: attribute value a number"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["attributes"]!.AsArray().Add(JsonNode.Parse("""{"name":"ecs.x","value":5}""")))),
        ["register: a null attribute"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["attributes"]!.AsArray().Add(null))),
        ["register: an attribute that is a string"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["attributes"]!.AsArray().Add("ecs.instance-type"))),
        ["register: attributes an object"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["attributes"] = new JsonObject())),
        ["register: integerValue not an integer"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["registeredResources"]![0]!["integerValue"] = 8192.5)),
        ["register: integerValue escaped in quotes"] = (Register, new(null, json => json.Replace("\"integerValue\":8192", "\"integerValue\":\"\\u0038192\"", StringComparison.Ordinal))),
        ["register: resource type a number"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["registeredResources"]![1]!["type"] = 1)),
        ["register: version a string"] = (Register, new(d => d["responseElements"]!["containerInstance"]!["version"] = "first")),
        ["register: status a number, then valid"] = (Register, new(null, json => json.Replace("\"status\":\"ACTIVE\"", "\"status\":1,\"status\":\"ACTIVE\"", StringComparison.Ordinal))),
        ["deregister: as sampled"] = (Deregister, new(_ => { })),
        ["deregister: by ARN"] = (Deregister, new(d => d["requestParameters"]!["containerInstance"] = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e")),
        ["deregister: the event's region and account"] = (Deregister, new(
            d =>
            {
                d.Remove("awsRegion");
                d["recipientAccountId"] = null;
            },
            json => json.Replace("\"region\":\"us-east-1\"", "\"region\":\"eu-west-1\"", StringComparison.Ordinal).Replace("\"account\":\"123456789012\"", "\"account\":\"210987654321\"", StringComparison.Ordinal))),
        ["deregister: no eventTime"] = (Deregister, new(d => d.Remove("eventTime"))),
        ["deregister: no cluster"] = (Deregister, new(d => d["requestParameters"]!.AsObject().Remove("cluster"))),
        ["deregister: instance not a string"] = (Deregister, new(d => d["requestParameters"]!["containerInstance"] = 5)),
        ["deregister: with the response's container instance"] = (Deregister, new(d => d["responseElements"] = JsonNode.Parse("""
            {"containerInstance":{"containerInstanceArn":"arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e",
             "ec2InstanceId":"i-0abc","status":"INACTIVE","registeredAt":"2024-05-01T10:00:05.123Z",
             "attributes":[{"name":"ecs.instance-type","value":"c6g.2xlarge"},{"name":"ecs.availability-zone","value":"us-east-1b"},{"name":"ecs.cpu-architecture","value":"arm64"}],
             "registeredResources":[{"name":"CPU","type":"INTEGER","integerValue":8192},{"name":"MEMORY","type":"INTEGER","integerValue":15470}]}}
            """))),
        ["deregister: response with a mistyped container instance"] = (Deregister, new(d => d["responseElements"] = JsonNode.Parse("""
            {"containerInstance":{"containerInstanceArn":"arn:aws:ecs:us-east-1:123456789012:container-instance/c/0f0e","registeredResources":[{"name":"CPU","integerValue":true}]}}
            """))),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_is_observed_as_the_typed_read_observed_it(string variant)
    {
        var body = Body(variant);
        var message = PipelineRecordReader.Parse(body);
        var expected = Outcome(() => Typed(message));

        var observed = Outcome(() => InstanceRegistrationProcessor.Observe(message));
        var inOnePass = Outcome(() => PipelineRecordReader.ReadAsProcessed(Encoding.UTF8.GetBytes(body), InstanceRegistrationProcessor.Observe));

        observed.Should().Be(expected);
        inOnePass.Should().Be(expected);
        var handRead = ContainerInstanceCallReader.Read(message);
        if (TypedReadDecides.Contains(variant))
        {
            handRead.Should().BeNull("the typed read decides what this container instance says");
        }
        else
        {
            handRead.Should().NotBeNull("the hand-written read vouches for this call");
        }

        if (variant.EndsWith("as sampled", StringComparison.Ordinal))
        {
            observed.Observation!.ContainerInstanceArn.Should().EndWith("/0f0e1d2c3b4a59687766554433221100");
        }
    }

    /// <summary>
    /// The registration fence reads a body the way the function does, in one pass from Open; where the envelope after
    /// its first members is broken or names another kind, the outcome is the one of the whole envelope checked first.
    /// </summary>
    [Theory]
    [InlineData(Register)]
    [InlineData(Deregister)]
    public void A_read_as_processed_ends_as_the_whole_envelope_checked_first(string file)
    {
        var (kind, body) = Record(file, _ => { });
        var withoutBrace = body[..^1];
        string[] variants =
        [
            body,
            body + " x",
            withoutBrace + ",\"schema\":2}",
            withoutBrace + ",\"kind\":\"JobTeleported\"}",
            withoutBrace + ",\"kind\":\"" + kind + "\"}",
            withoutBrace + ",\"kind\":\"" + RecordKind.ContainerInstanceStateChange + "\"}",
            withoutBrace + ",\"kind\":\"" + RecordKind.JobStateChange + "\"}",
            withoutBrace + ",\"event\":{}}",
            withoutBrace + ",\"event\":null}",
            withoutBrace,
        ];

        foreach (var variant in variants)
        {
            var wholeFirst = Outcome(() => InstanceRegistrationProcessor.Observe(PipelineRecordReader.Parse(variant)));
            var asProcessed = Outcome(() => PipelineRecordReader.ReadAsProcessed(Encoding.UTF8.GetBytes(variant), InstanceRegistrationProcessor.Observe));
            asProcessed.Should().Be(wholeFirst, $"the body {variant} reads the same either way");
        }

        Outcome(() => PipelineRecordReader.ReadAsProcessed(Encoding.UTF8.GetBytes(body), InstanceRegistrationProcessor.Observe)).Observation.Should().NotBeNull();
    }

    [Fact]
    public void The_sampled_register_call_reads_its_instance_and_request()
    {
        var call = ContainerInstanceCallReader.Read(PipelineRecordReader.Parse(Body("register: as sampled")))!.Value;

        call.Detail.Cluster.Should().EndWith("/AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941");
        call.Detail.InstanceIdentityDocument.Should().StartWith("{\"accountId\"");
        call.Detail.ContainerInstance!.Attributes!.Select(a => a.Value).Should().Equal("us-east-1b", "c6g.2xlarge", "ami-0123456789abcdef0", "arm64", "linux");
        call.Detail.ContainerInstance.RegisteredResources!.Select(r => r.IntegerValue).Should().Equal(8192L, 15470L);
        call.Region.Should().Be("us-east-1");
        call.Account.Should().Be("123456789012");
    }

    [Theory]
    [InlineData(Register, "eventTime", "5", "detail.eventTime is Number, expected an ISO 8601 date")]
    [InlineData(Register, "awsRegion", "{}", "detail.awsRegion is StartObject, expected a string")]
    [InlineData(Deregister, "recipientAccountId", "[]", "detail.recipientAccountId is StartArray, expected a string")]
    public void A_call_member_of_the_wrong_type_rejects_the_record_by_its_path_as_the_typed_read_rejected_it(string file, string member, string value, string reason)
    {
        var (kind, body) = Record(file, d => d[member] = JsonNode.Parse(value));
        var message = PipelineRecordReader.Parse(body);

        var typed = () => Typed(message);
        typed.Should().Throw<RecordRejectedException>();
        var read = () => InstanceRegistrationProcessor.Observe(message);
        read.Should().Throw<RecordRejectedException>().WithMessage($"{kind} event does not read as ContainerInstanceCallDetail: {reason}");
    }

    [Fact]
    public void The_event_region_of_the_wrong_type_rejects_the_record_by_its_path()
    {
        var (kind, body) = Record(Deregister, _ => { });
        body = body.Replace("\"region\":\"us-east-1\"", "\"region\":5", StringComparison.Ordinal);
        var message = PipelineRecordReader.Parse(body);

        var typed = () => Typed(message);
        typed.Should().Throw<RecordRejectedException>();
        var read = () => InstanceRegistrationProcessor.Observe(message);
        read.Should().Throw<RecordRejectedException>().WithMessage($"{kind} event does not read as ContainerInstanceCallDetail: event.region is Number, expected a string");
    }

    [Fact]
    public void A_call_with_every_name_escaped_reads_as_written_plainly()
    {
        var plain = Body("register: as the simulator writes it");
        var escaped = plain;
        foreach (var name in new[] { "detail", "eventTime", "awsRegion", "requestParameters", "cluster", "responseElements", "containerInstance", "containerInstanceArn", "attributes", "registeredResources", "integerValue", "name", "value", "registeredAt" })
        {
            escaped = escaped.Replace($"\"{name}\":", "\"" + string.Concat(name.Select(c => $"\\u{(int)c:x4}")) + "\":", StringComparison.Ordinal);
        }

        escaped.Should().NotBe(plain);
        var read = ContainerInstanceCallReader.Read(PipelineRecordReader.Parse(escaped));

        read.Should().BeEquivalentTo(ContainerInstanceCallReader.Read(PipelineRecordReader.Parse(plain)), o => o.WithStrictOrdering());
        InstanceRegistrationProcessor.Observe(PipelineRecordReader.Parse(escaped)).Should().Be(Typed(PipelineRecordReader.Parse(plain)));
    }

    /// <summary>How a read ended: the observation, or the type and text of what it threw.</summary>
    private sealed record ReadOutcome(InstanceObservation? Observation, string? Failure);

    private static ReadOutcome Outcome(Func<InstanceObservation> read)
    {
        try
        {
            return new ReadOutcome(read(), null);
        }
        catch (RecordRejectedException)
        {
            // Rejected either way; the reasons differ where a used member has another type (the hand read names its path).
            return new ReadOutcome(null, nameof(RecordRejectedException));
        }
        catch (Exception ex)
        {
            return new ReadOutcome(null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The oracle: what Observe did with the typed read before.</summary>
    private static InstanceObservation Typed(PipelineMessage message)
    {
        var @event = message.Read(PipelineJsonContext.Default.PipelineRecordCloudTrailRecord).Event!;
        return message.Kind == RecordKind.RegisterContainerInstanceCall ? InstanceObservations.FromRegisterCall(@event) : InstanceObservations.FromDeregisterCall(@event);
    }

    private static string Body(string variant)
    {
        var (file, change) = Mutations[variant];
        var (_, body) = Record(file, change.Detail ?? (_ => { }));
        return change.Text is null ? body : change.Text(body);
    }

    private static (string Kind, string Body) Record(string file, Action<JsonObject> change)
    {
        var kind = file == Register ? RecordKind.RegisterContainerInstanceCall : RecordKind.DeregisterContainerInstanceCall;
        var @event = PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path(file)))!.AsObject());
        change(@event["detail"]!.AsObject());
        return (kind, PipelineJson.Record(kind, @event).ToJsonString());
    }

    /// <summary>A change of the CloudTrail record, and of the body's text after it (for repeated members, which JsonObject cannot hold).</summary>
    private sealed record RecordKindAndChange(Action<JsonObject>? Detail, Func<string, string>? Text = null);
}
