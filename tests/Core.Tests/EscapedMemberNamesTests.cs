using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The hand-written readers match member names by their unescaped bytes (EventRecordReading.MemberName): a record
/// whose names are written with JSON escapes, up to every character of the longest names, reads exactly as the
/// same record written plainly.
/// </summary>
public class EscapedMemberNamesTests
{
    private const string InstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e1d2c3b4a";

    private static readonly string[] Names =
    [
        "event", "join", "time", "detail", "containerInstanceArn", "found", "item", "jobId", "jobQueue", "status", "attempts",
        "container", "platformCapabilities", "ecsProperties", "taskProperties", "containers", "logStreamName", "exitCode",
        "taskArn", "lastStatus", "overrides", "containerOverrides", "environment", "name", "value", "startedAt",
        "InstanceType", "DeregistrationCounted", "RegistrationCounted", "CountedSets", "ContainerInstanceArn", "S", "BOOL", "SS",
    ];

    [Fact]
    public void A_job_event_with_every_name_escaped_reads_as_written_plainly()
    {
        var @event = PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json");
        var plain = Body(RecordKind.JobStateChange, @event);

        var read = BatchJobEventReader.Read(PipelineRecordReader.Parse(plain));
        var escaped = BatchJobEventReader.Read(PipelineRecordReader.Parse(Escape(plain, fully: true)));
        var partly = BatchJobEventReader.Read(PipelineRecordReader.Parse(Escape(plain, fully: false)));

        read.Join!.Item!.InstanceType.Should().Be("m6g.large", "the plain record is read whole");
        read.Detail.Attempts.Should().NotBeEmpty();
        escaped.Should().BeEquivalentTo(read, o => o.WithStrictOrdering());
        partly.Should().BeEquivalentTo(read, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_task_event_with_every_name_escaped_reads_as_written_plainly()
    {
        var @event = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        var plain = Body(RecordKind.TaskStateChange, @event);

        var read = EcsTaskEventReader.Read(PipelineRecordReader.Parse(plain));
        var escaped = EcsTaskEventReader.Read(PipelineRecordReader.Parse(Escape(plain, fully: true)));

        read.Detail.Overrides!.ContainerOverrides.Should().NotBeEmpty("the plain record is read whole");
        escaped.Should().BeEquivalentTo(read, o => o.WithStrictOrdering());
    }

    [Fact]
    public void An_escaped_name_longer_than_any_known_one_is_skipped_like_any_unknown_member()
    {
        var longName = string.Concat(Enumerable.Repeat("\\u0078", 40));
        var body = "{\"schema\":1,\"kind\":\"JobStateChange\",\"event\":{\"" + longName + "\":{\"detail\":5},\"detail\":{\"jobId\":\"j-1\",\"" + longName + "\":[1]}}}";

        BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Detail.JobId.Should().Be("j-1");
    }

    private static string Body(string kind, JsonObject @event) => PipelineJson.Record(kind, @event, PipelineJson.Join(InstanceArn, new JsonObject
    {
        ["ContainerInstanceArn"] = new JsonObject { ["S"] = InstanceArn },
        ["InstanceType"] = new JsonObject { ["S"] = "m6g.large" },
        ["RegistrationCounted"] = new JsonObject { ["BOOL"] = true },
        ["DeregistrationCounted"] = new JsonObject { ["BOOL"] = true },
        ["CountedSets"] = new JsonObject { ["SS"] = new JsonArray("RegisterContainerInstance|InstanceType") },
    })).ToJsonString();

    /// <summary>Every occurrence of the names as a member name, each character escaped (or every other one).</summary>
    private static string Escape(string body, bool fully)
    {
        foreach (var name in Names)
        {
            var escaped = new StringBuilder();
            for (var i = 0; i < name.Length; i++)
            {
                escaped.Append(fully || i % 2 == 0 ? $"\\u{(int)name[i]:x4}" : name[i].ToString());
            }

            body = body.Replace($"\"{name}\":", $"\"{escaped}\":", StringComparison.Ordinal);
        }

        return body;
    }
}
