using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The hand-written job event reader against the typed (System.Text.Json) read it replaces on the handler path:
/// the same observation for every shared sample, the same handling of what it skips, and a clear rejection naming
/// the field for what it cannot read.
/// </summary>
public class BatchJobEventReaderTests
{
    private const string InstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e1d2c3b4a";

    public static TheoryData<string> BatchJobSamples()
    {
        var data = new TheoryData<string>();
        foreach (var path in SharedEvents.AllRelativePaths())
        {
            if (path.StartsWith("batch-job", StringComparison.Ordinal))
            {
                data.Add(path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BatchJobSamples))]
    public void Every_sample_gives_the_observation_of_the_typed_read(string sample)
    {
        var @event = PipelineJson.SharedEvent(sample);
        var arn = CurrentInstanceArn(@event) ?? InstanceArn;
        foreach (var join in new JsonObject?[] { null, PipelineJson.Join(arn, Item(arn)), PipelineJson.Join(arn, null) })
        {
            AssertSameAsTypedRead(PipelineJson.Record(RecordKind.JobStateChange, @event, join?.DeepClone().AsObject()));
        }
    }

    [Fact]
    public void Unknown_members_and_nested_unknown_objects_and_arrays_are_skipped()
    {
        var @event = PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json");
        var detail = @event["detail"]!.AsObject();
        detail["somethingNew"] = new JsonObject { ["deep"] = new JsonArray(new JsonObject { ["jobId"] = "not-this-one" }, new JsonArray(1, 2)) };
        detail["anotherList"] = new JsonArray("a", null, 3, new JsonObject());
        detail["attempts"]![0]!.AsObject()["unknown"] = new JsonArray(new JsonObject { ["taskArn"] = "not-this-one" });
        detail["ecsProperties"]!["taskProperties"]![0]!.AsObject()["extra"] = new JsonObject { ["containers"] = new JsonArray() };
        @event["extraEnvelope"] = new JsonArray(new JsonObject { ["detail"] = null });
        var record = PipelineJson.Record(RecordKind.JobStateChange, @event, PipelineJson.Join(InstanceArn, Item(InstanceArn)));
        record["unknownTopLevel"] = new JsonObject { ["event"] = new JsonObject() };

        var observation = AssertSameAsTypedRead(record);
        observation.JobId.Should().Be("7419bcec-23b4-4a65-981b-857c5a9040a5");
        observation.Attempts.Should().NotContain(a => a.TaskArn == "not-this-one");
    }

    [Fact]
    public void Nulls_and_missing_optional_members_read_as_absent()
    {
        var record = Record("""
            {"time":null,"detail":{"jobId":"j-1","jobName":null,"jobQueue":null,"status":"RUNNING","attempts":null,"createdAt":null,
             "container":null,"ecsProperties":{"taskProperties":null},"arrayProperties":null,"nodeDetails":null,
             "platformCapabilities":null,"dependsOn":[{"jobId":null,"type":"SEQUENTIAL"},{"jobId":"j-0"}]}}
            """, """{"containerInstanceArn":null,"found":false,"item":null}""");

        var observation = AssertSameAsTypedRead(record);
        observation.Attempts.Should().BeEmpty();
        observation.StatusAt.Should().BeNull();
        observation.DependsOn.Should().Equal(new JobDependency("j-0", null));
    }

    [Fact]
    public void Lists_of_several_items_keep_every_item_in_order()
    {
        var record = Record("""
            {"time":"2024-05-01T10:00:00Z","detail":{"jobId":"j-1","status":"FAILED","platformCapabilities":["EC2"],
             "attempts":[
               {"container":{"taskArn":"arn:t/1","containerInstanceArn":"arn:ci/1","exitCode":1},"startedAt":1,"stoppedAt":2,"statusReason":"a"},
               {"taskProperties":[{"taskArn":"arn:t/2","containerInstanceArn":"arn:ci/2","containers":[{"exitCode":0},{"exitCode":3,"logStreamName":"s2"}]},{"taskArn":"arn:t/x"}],"startedAt":3},
               {"container":{"taskArn":"arn:t/3"},"startedAt":5,"stoppedAt":6}],
             "dependsOn":[{"jobId":"a","type":"N_TO_N"},{"jobId":"b"},{"jobId":"c","type":"SEQUENTIAL"}]}}
            """);

        var observation = AssertSameAsTypedRead(record);
        observation.Attempts.Select(a => a.TaskArn).Should().Equal("arn:t/1", "arn:t/2", "arn:t/3");
        observation.Attempts[1].ExitCode.Should().Be(3);
        observation.DependsOn.Select(d => d.JobId).Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Quoted_numbers_read_as_numbers_like_the_typed_read()
    {
        var record = Record("""{"detail":{"jobId":"j-1","createdAt":"1700000000000","arrayProperties":{"size":"4"},"container":{"taskArn":"arn:t/1","exitCode":"0"}}}""");
        var observation = AssertSameAsTypedRead(record);
        observation.CreatedAt.Should().Be(1_700_000_000_000);
        observation.ArraySize.Should().Be(4);
        observation.Attempts.Should().ContainSingle().Which.ExitCode.Should().Be(0);
    }

    [Fact]
    public void Platform_capabilities_of_any_length_read_as_the_typed_read()
    {
        foreach (var capabilities in new[] { "[]", "[\"EC2\"]", "[\"FARGATE\"]", "[\"OTHER\"]", "[\"EC2\",\"FARGATE\"]", "[null]" })
        {
            var record = Record("""{"detail":{"jobId":"j-1","platformCapabilities":""" + capabilities + ""","container":{"taskArn":"arn:t/1","containerInstanceArn":"arn:ci/1"}}}""");
            AssertSameAsTypedRead(record);
            BatchJobEventReader.Read(PipelineRecordReader.Parse(record.ToJsonString())).Detail.PlatformCapabilities.Should()
                .Equal(Typed(record).Event!.Detail!.PlatformCapabilities, capabilities);
        }
    }

    [Theory]
    [InlineData("""{"detail":{"jobId":7}}""", "detail.jobId is Number, expected a string")]
    [InlineData("""{"detail":{"jobId":"j","createdAt":"soon"}}""", "detail.createdAt is String, expected an integer")]
    [InlineData("""{"detail":{"jobId":"j","createdAt":1.5}}""", "detail.createdAt is Number, expected an integer")]
    [InlineData("""{"detail":{"jobId":"j","attempts":{}}}""", "detail.attempts is StartObject, expected an array")]
    [InlineData("""{"detail":{"jobId":"j","attempts":["x"]}}""", "detail.attempts[] is String, expected an object")]
    [InlineData("""{"detail":{"jobId":"j","attempts":[{"container":{"exitCode":true}}]}}""", "detail.attempts[].container.exitCode is True, expected an integer")]
    [InlineData("""{"detail":{"jobId":"j","attempts":[{"taskProperties":[{"containers":[{"logStreamName":1}]}]}]}}""", "detail.attempts[].taskProperties[].containers[].logStreamName is Number, expected a string")]
    [InlineData("""{"detail":{"jobId":"j","ecsProperties":{"taskProperties":[{"containers":"x"}]}}}""", "detail.ecsProperties.taskProperties[].containers is String, expected an array")]
    [InlineData("""{"detail":{"jobId":"j","container":{"runtimePlatform":[]}}}""", "detail.container.runtimePlatform is StartArray, expected an object")]
    [InlineData("""{"detail":{"jobId":"j","arrayProperties":{"index":3000000000}}}""", "detail.arrayProperties.index is Number, expected a 32-bit integer")]
    [InlineData("""{"detail":{"jobId":"j","platformCapabilities":[1]}}""", "detail.platformCapabilities[] is Number, expected a string")]
    [InlineData("""{"time":"yesterday","detail":{"jobId":"j"}}""", "event.time is String, expected an ISO 8601 date")]
    [InlineData("""{"detail":[]}""", "detail is StartArray, expected an object")]
    public void A_read_member_of_the_wrong_type_rejects_the_record_naming_it(string @event, string reason)
    {
        var message = PipelineRecordReader.Parse(Record(@event).ToJsonString());

        var act = () => BatchJobEventReader.Read(message);

        act.Should().Throw<RecordRejectedException>().WithMessage($"JobStateChange event does not read as BatchJobDetail: {reason}");
        var typed = () => message.Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail);
        typed.Should().Throw<RecordRejectedException>("the typed read rejects it too");
    }

    /// <summary>
    /// A null list item is rejected here by name. The typed read kept it, and the observation then failed with a
    /// NullReferenceException: retried and dead-lettered all the same, but without saying why.
    /// </summary>
    [Theory]
    [InlineData("""{"detail":{"jobId":"j","attempts":[null]}}""", "detail.attempts[] is Null, expected an object")]
    [InlineData("""{"detail":{"jobId":"j","dependsOn":[{"jobId":"a"},null]}}""", "detail.dependsOn[] is Null, expected an object")]
    [InlineData("""{"detail":{"jobId":"j","ecsProperties":{"taskProperties":[null]}}}""", "detail.ecsProperties.taskProperties[] is Null, expected an object")]
    [InlineData("""{"detail":{"jobId":"j","ecsProperties":{"taskProperties":[{"containers":[{"name":"main"},null]}]}}}""", "detail.ecsProperties.taskProperties[].containers[] is Null, expected an object")]
    [InlineData("""{"detail":{"jobId":"j","attempts":[{"taskProperties":[{"containers":[null]}]}]}}""", "detail.attempts[].taskProperties[].containers[] is Null, expected an object")]
    public void A_null_item_in_a_list_of_objects_rejects_the_record_naming_the_list(string @event, string reason)
    {
        var act = () => BatchJobEventReader.Read(PipelineRecordReader.Parse(Record(@event).ToJsonString()));

        act.Should().Throw<RecordRejectedException>().WithMessage($"JobStateChange event does not read as BatchJobDetail: {reason}");
    }

    [Fact]
    public void A_join_whose_found_is_not_a_boolean_is_rejected()
    {
        var act = () => BatchJobEventReader.Read(PipelineRecordReader.Parse(Record("""{"detail":{"jobId":"j"}}""", """{"found":"yes"}""").ToJsonString()));
        act.Should().Throw<RecordRejectedException>().WithMessage("*join.found is String, expected true or false");
    }

    [Theory]
    [InlineData("""{"id":"e-1"}""")]
    [InlineData("""{"detail":null}""")]
    public void An_event_without_detail_is_rejected(string @event)
    {
        var act = () => BatchJobEventReader.Read(PipelineRecordReader.Parse(Record(@event).ToJsonString()));
        act.Should().Throw<RecordRejectedException>().WithMessage("JobStateChange event has no detail");
    }

    [Fact]
    public void The_join_item_is_read_with_the_instances_table_mapping()
    {
        var record = BatchJobEventReader.Read(PipelineRecordReader.Parse(Record("""{"detail":{"jobId":"j"}}""", PipelineJson.Join(InstanceArn, Item(InstanceArn)).ToJsonString()).ToJsonString()));
        record.Join!.Found.Should().BeTrue();
        record.Join.Item.Should().BeEquivalentTo(new InstanceRecord
        {
            ContainerInstanceArn = InstanceArn,
            Ec2InstanceId = "i-0123",
            InstanceType = "m6g.large",
            AvailabilityZone = "us-east-1b",
            Architecture = "arm64",
            ComputeEnvironment = "ce1",
            RegisteredAt = 1_700_000_000_000,
        });
    }

    private static JobObservation AssertSameAsTypedRead(JsonObject record)
    {
        var message = PipelineRecordReader.Parse(record.ToJsonString());
        var typed = message.Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail);
        var read = BatchJobEventReader.Read(message);

        read.Time.Should().Be(typed.Event!.Time);
        read.Detail.Should().BeEquivalentTo(typed.Event.Detail, o => o.WithStrictOrdering().Excluding(d => d!.JobArn).Excluding(d => d!.NodeDetails!.IsMainNode));
        read.Join.Should().BeEquivalentTo(typed.Join, o => o.Excluding(j => j!.Attempts));

        var expected = JobObservations.FromJobEvent(typed.Event.Detail!, typed.Event.Time, typed.Join?.Item);
        var observation = JobObservations.FromJobEvent(read.Detail, read.Time, read.Join?.Item);
        observation.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        return observation;
    }

    private static PipelineRecord<BatchJobDetail> Typed(JsonObject record) =>
        PipelineRecordReader.Parse(record.ToJsonString()).Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail);

    private static JsonObject Record(string @event, string? join = null) =>
        PipelineJson.Record(RecordKind.JobStateChange, JsonNode.Parse(@event)!, join is null ? null : JsonNode.Parse(join)!.AsObject());

    private static string? CurrentInstanceArn(JsonObject @event) =>
        @event["detail"]?["container"]?["containerInstanceArn"]?.GetValue<string>()
        ?? @event["detail"]?["ecsProperties"]?["taskProperties"]?[0]?["containerInstanceArn"]?.GetValue<string>();

    private static JsonObject Item(string arn) => new()
    {
        ["ContainerInstanceArn"] = new JsonObject { ["S"] = arn },
        ["Ec2InstanceId"] = new JsonObject { ["S"] = "i-0123" },
        ["InstanceType"] = new JsonObject { ["S"] = "m6g.large" },
        ["AvailabilityZone"] = new JsonObject { ["S"] = "us-east-1b" },
        ["Architecture"] = new JsonObject { ["S"] = "arm64" },
        ["ComputeEnvironment"] = new JsonObject { ["S"] = "ce1" },
        ["RegisteredAt"] = new JsonObject { ["N"] = "1700000000000" },
    };
}
