using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Sqs;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// <see cref="SqsBatchProcessor"/> checks only a body's first members (<see cref="PipelineRecordReader.Open"/>) and
/// leaves the rest of the envelope to the kind's reader. These tests hold that path to the one it replaced, the
/// whole envelope checked first (<see cref="PipelineRecordReader.Parse(ReadOnlyMemory{byte})"/>) and then the processor:
/// the same records accepted with the same ledger, instances and EMF, and the same records rejected with the same
/// reason, on every kind, for bodies as the state machines write them and for bodies broken every way we could think
/// of or a seeded random mutation found.
/// </summary>
public class EnvelopeOpenEquivalenceTests
{
    private const string InstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e1d2c3b4a59687766554433221100";

    public static TheoryData<string> Kinds() => new(Records().Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_record_as_the_state_machines_write_it_is_opened_without_a_pass_of_its_own_and_applied_the_same(string name)
    {
        var (_, kind, body) = Records().Single(r => r.Name == name);

        PipelineRecordReader.Open(body).Should().Be(new PipelineMessage(kind, body) { RestUnchecked = true }, "schema and kind come first");
        var (expected, opened) = await BothAsync(kind, body);

        opened.Should().Be(expected);
        expected.Errors.Should().NotContain("message m", "the sample is a valid record");
    }

    [Fact]
    public void A_body_that_starts_otherwise_is_checked_whole_by_Open()
    {
        var reordered = """{"kind":"JobStateChange","schema":1,"event":{"detail":{"jobId":"j"}}}"""u8.ToArray();
        PipelineRecordReader.Open(reordered).RestUnchecked.Should().BeFalse("Parse checked it, in any member order");

        var act = () => PipelineRecordReader.Open("""{"schema":1,"kind":"JobStateChange","event":{}} x"""u8.ToArray());
        act.Should().NotThrow("only the first members are checked: the reader finds the rest");
        var badStart = () => PipelineRecordReader.Open("""{"schema":2,"kind":"JobStateChange","event":{}}"""u8.ToArray());
        badStart.Should().Throw<RecordRejectedException>().WithMessage("schema 2 is not supported*");
    }

    /// <summary>Each way the rest of an envelope can be wrong after a valid start, and a few ways it is right after all.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_broken_rest_is_rejected_with_the_reason_of_the_full_check(string name)
    {
        var (_, kind, body) = Records().Single(r => r.Name == name);
        var text = Encoding.UTF8.GetString(body);
        var withoutBrace = text[..^1];
        var eventStart = text.IndexOf("\"event\":", StringComparison.Ordinal) + "\"event\":".Length;
        string[] variants =
        [
            text + " x",
            text + "}",
            text + "{}",
            text + " /* a comment */ ",
            text + "\n",
            withoutBrace + ",\"event\":null}",
            withoutBrace + ",\"event\":5}",
            withoutBrace + ",\"event\":{}}",
            withoutBrace + ",\"schema\":2}",
            withoutBrace + ",\"schema\":1}",
            withoutBrace + ",\"schema\":\"1\"}",
            withoutBrace + ",\"kind\":\"JobTeleported\"}",
            withoutBrace + ",\"kind\":\"" + kind + "\"}",
            withoutBrace + ",\"kind\":\"" + (kind == RecordKind.AsgCreated ? RecordKind.JobStateChange : RecordKind.AsgCreated) + "\"}",
            withoutBrace + ",\"k\\u0069nd\":7}",
            withoutBrace + ",\"join\":null}",
            withoutBrace + ",\"join\":{\"found\":\"yes\"}}",
            withoutBrace + ",}",
            withoutBrace,
            text[..eventStart] + "null," + "\"ignored\":" + text[eventStart..],
            text[..eventStart] + "[]," + "\"ignored\":" + text[eventStart..],
            text[..eventStart] + "\"{}\"," + "\"ignored\":" + text[eventStart..],
            text[..eventStart] + "{\"detail\":{}}," + "\"event\":null,\"ignored\":" + text[eventStart..],
            text.Replace("\"event\":", "\"evnt\":", StringComparison.Ordinal),
            text.Replace("\"detail\":", "\"detail\":null,\"d\":", StringComparison.Ordinal),
            text.Insert(1, " /* c */ "),
            text.Replace(",\"event\":", ",/**/\"event\":", StringComparison.Ordinal),
        ];

        foreach (var variant in variants)
        {
            await AgreeAsync(kind, Encoding.UTF8.GetBytes(variant));
        }
    }

    /// <summary>Seeded random damage: truncations, deletions, insertions and replacements of structural characters.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_randomly_damaged_body_gets_the_same_outcome_either_way(string name)
    {
        var (_, kind, body) = Records().Single(r => r.Name == name);
        var random = new Random(name.Sum(c => c)); // a fixed seed per record (string hash codes vary by process)
        var characters = "{}[],:\" \\0an/*-1"u8.ToArray();
        for (var i = 0; i < 150; i++)
        {
            var damaged = new List<byte>(body);
            var at = random.Next(damaged.Count);
            switch (random.Next(4))
            {
                case 0: damaged.RemoveRange(at, damaged.Count - at); break;
                case 1: damaged.RemoveAt(at); break;
                case 2: damaged.Insert(at, characters[random.Next(characters.Length)]); break;
                default: damaged[at] = characters[random.Next(characters.Length)]; break;
            }

            await AgreeAsync(kind, [.. damaged]);
        }
    }

    /// <summary>Both paths on the same body, for the function that takes the kind and for one that does not.</summary>
    private static async Task AgreeAsync(string kind, byte[] body)
    {
        foreach (var function in new[] { kind, kind == RecordKind.JobStateChange ? RecordKind.TaskStateChange : RecordKind.JobStateChange })
        {
            var (expected, opened) = await BothAsync(function, body);
            opened.Should().Be(expected, $"the body {Encoding.UTF8.GetString(body)} given to the function taking {function} ends the same either way");
        }
    }

    private static async Task<(Outcome ParsedFirst, Outcome Opened)> BothAsync(string functionKind, byte[] body)
    {
        var reference = new Processors();
        var reason = await ParseFirstAsync(ProcessorFor(reference, functionKind), body);
        var parsedFirst = Outcome.Of(reference, (reference.Errors + reason).Trim());

        var run = new Processors();
        var batch = new SqsEvent { Records = [new SqsMessage { MessageId = "m", Utf8Body = body }] };
        await new SqsBatchProcessor(ProcessorFor(run, functionKind), run.Errors).ProcessAsync(batch, CancellationToken.None);
        var opened = Outcome.Of(run, run.Errors.ToString().Trim());
        return (parsedFirst, opened);
    }

    /// <summary>What <see cref="SqsBatchProcessor"/> did before <see cref="PipelineRecordReader.Open"/>: the whole envelope first.</summary>
    private static async Task<string> ParseFirstAsync(IRecordProcessor processor, byte[] body)
    {
        try
        {
            await processor.ProcessAsync(PipelineRecordReader.Parse(body), CancellationToken.None);
            return "";
        }
        catch (RecordRejectedException ex)
        {
            return $"message m rejected: {ex.Message}";
        }
        catch (Exception ex)
        {
            return $"message m failed: {ex.GetType().Name}: {ex.Message}";
        }
    }

    private static IRecordProcessor ProcessorFor(Processors run, string kind) => kind switch
    {
        RecordKind.ContainerInstanceStateChange or RecordKind.RegisterContainerInstanceCall or RecordKind.DeregisterContainerInstanceCall => run.Instances,
        RecordKind.RunTaskCall or RecordKind.TaskStateChange => run.Tasks,
        RecordKind.AsgCreated => run.Asg,
        _ => run.Jobs,
    };

    /// <param name="Errors">What went to stderr: the processors' own notes, then the failed message's line (none when it was applied).</param>
    /// <param name="State">Everything the message left behind: ledger, instances, markers, EMF lines, insights.</param>
    private sealed record Outcome(string Errors, string State)
    {
        public static Outcome Of(Processors run, string errors) => new(errors, string.Join('\n',
        [
            .. ((BatchRuntimeMonitor.Core.Storage.InMemoryRecordStore<BatchRuntimeMonitor.Core.Jobs.JobRecord>)run.Stores.Jobs).Records.Select(j => JsonSerializer.Serialize(j, CoreJsonContext.Default.JobRecord)),
            .. ((BatchRuntimeMonitor.Core.Storage.InMemoryRecordStore<BatchRuntimeMonitor.Core.Instances.InstanceRecord>)run.Stores.Instances).Records.Select(i => JsonSerializer.Serialize(i, CoreJsonContext.Default.InstanceRecord)),
            $"markers {((BatchRuntimeMonitor.Core.Storage.InMemoryRecordStore<BatchRuntimeMonitor.Core.Storage.EventMarker>)run.Stores.Markers).Count}",
            .. run.Output.EmfLines,
            $"insights {run.Output.Insights.Count}",
        ]));
    }

    /// <summary>One record of each kind the functions take, written as the state machines write them (schema, kind, event, join).</summary>
    private static IEnumerable<(string Name, string Kind, byte[] Body)> Records()
    {
        var running = PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-running.json");
        yield return Record("job-running-joined", RecordKind.JobStateChange, running, JoinOn(running));
        yield return Record("job-failed", RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json"));
        yield return Record("job-queue-blocked", RecordKind.JobQueueBlocked, PipelineJson.SharedEvent("batch-job/awsdocs-job-queue-blocked-runnable.json"));
        yield return Record("submit-job", RecordKind.SubmitJobCall, CloudTrail("constructed-cloudtrail-submit-job.json"));
        yield return Record("run-task", RecordKind.RunTaskCall, CloudTrail("constructed-cloudtrail-runtask-by-batch.json"));
        var task = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        yield return Record("task-stopped-joined", RecordKind.TaskStateChange, task, JoinOn(task));
        yield return Record("instance-state", RecordKind.ContainerInstanceStateChange, PipelineJson.SharedEvent("ecs-container-instance/awsdocs-ecs-container-instance-2016.json"));
        yield return Record("register", RecordKind.RegisterContainerInstanceCall, CloudTrail("constructed-cloudtrail-register-container-instance.json"));
        yield return Record("deregister", RecordKind.DeregisterContainerInstanceCall, CloudTrail("constructed-cloudtrail-deregister-container-instance.json"));
        yield return Record("asg-created", RecordKind.AsgCreated, PipelineJson.SharedEvent("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json"), metricsCollection: new JsonObject { ["enabled"] = true });
    }

    private static (string Name, string Kind, byte[] Body) Record(string name, string kind, JsonObject @event, JsonObject? join = null, JsonObject? metricsCollection = null) =>
        (name, kind, Encoding.UTF8.GetBytes(PipelineJson.Record(kind, @event, join, metricsCollection).ToJsonString()));

    private static JsonObject CloudTrail(string file) => PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path(file)))!.AsObject());

    /// <summary>A found join on the first container instance the event names, as the state machine's GetItem gives it.</summary>
    private static JsonObject JoinOn(JsonObject @event)
    {
        var arn = Regex.Match(@event.ToJsonString(), "\"containerInstanceArn\":\"([^\"]+)\"").Groups[1].Value;
        arn = arn.Length > 0 ? arn : InstanceArn;
        return PipelineJson.Join(arn, new JsonObject
        {
            ["ContainerInstanceArn"] = new JsonObject { ["S"] = arn },
            ["Ec2InstanceId"] = new JsonObject { ["S"] = "i-0123" },
            ["InstanceType"] = new JsonObject { ["S"] = "m6g.large" },
            ["AvailabilityZone"] = new JsonObject { ["S"] = "us-east-1b" },
            ["Architecture"] = new JsonObject { ["S"] = "arm64" },
            ["ComputeEnvironment"] = new JsonObject { ["S"] = "ce1" },
            ["RegisteredAt"] = new JsonObject { ["N"] = "1700000000000" },
            ["CountedSets"] = new JsonObject { ["SS"] = new JsonArray("RegisterContainerInstance|InstanceType") },
        });
    }
}
