using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;
using BatchRuntimeMonitor.Tests.Support;
using FluentAssertions.Equivalency;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The hand-written ECS task event reader against the typed (System.Text.Json) read it replaces in the task
/// processor: the same observation for every shared task sample, as Batch starts it and as it is (no Batch job:
/// no observation), the same handling of what it skips, and a clear rejection naming the field it cannot read.
/// </summary>
public class EcsTaskEventReaderTests
{
    private const string JobId = "7419bcec-23b4-4a65-981b-857c5a9040a5";

    public static TheoryData<string> EcsTaskSamples()
    {
        var data = new TheoryData<string>();
        foreach (var path in SharedEvents.AllRelativePaths())
        {
            if (path.StartsWith("ecs-task", StringComparison.Ordinal))
            {
                data.Add(path);
            }
        }

        return data;
    }

    [Fact]
    public void The_shared_events_have_ecs_task_samples()
    {
        EcsTaskSamples().Should().NotBeEmpty("the equivalence theories below would otherwise run on nothing");
    }

    [Theory]
    [MemberData(nameof(EcsTaskSamples))]
    public void A_sample_as_published_is_no_Batch_job_in_either_read(string sample)
    {
        var @event = PipelineJson.SharedEvent(sample);
        foreach (var join in Joins(@event))
        {
            AssertSameAsTypedRead(PipelineJson.Record(RecordKind.TaskStateChange, @event, join)).Should().BeNull();
        }
    }

    [Theory]
    [MemberData(nameof(EcsTaskSamples))]
    public void A_sample_as_Batch_starts_it_gives_the_observation_of_the_typed_read(string sample)
    {
        var @event = AsBatchTask(PipelineJson.SharedEvent(sample));
        foreach (var join in Joins(@event))
        {
            var observation = AssertSameAsTypedRead(PipelineJson.Record(RecordKind.TaskStateChange, @event, join));
            observation.Should().NotBeNull();
            observation!.JobId.Should().Be(JobId);
            observation.Attempts.Should().ContainSingle().Which.TaskArn.Should().Be(@event["detail"]!["taskArn"]!.GetValue<string>());
        }
    }

    [Fact]
    public void A_stopped_Batch_task_on_the_joined_instance_gives_the_observation_of_the_typed_read()
    {
        var @event = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        foreach (var join in Joins(@event))
        {
            var observation = AssertSameAsTypedRead(PipelineJson.Record(RecordKind.TaskStateChange, @event, join))!;
            observation.JobQueue.Should().Be("batch-job-queue-dev");
            observation.Attempts[0].ExitCode.Should().Be(0);
            observation.Attempts[0].StoppedAt.Should().Be(PipelineJson.EpochMs("2025-10-17T13:28:51.125Z"));
        }

        var joined = AssertSameAsTypedRead(PipelineJson.Record(RecordKind.TaskStateChange, @event, Joins(@event)[1]))!;
        joined.Attempts[0].InstanceId.Should().Be("i-0123", "the join's item is the instance the task ran on");
    }

    [Fact]
    public void A_task_with_an_environment_but_no_Batch_job_id_is_no_Batch_job_in_either_read()
    {
        var record = Record("""
            {"time":"2024-05-01T10:00:00Z","detail":{"taskArn":"arn:t/1","overrides":{"containerOverrides":[
              {"name":"app","environment":[{"name":"AWS_BATCH_JQ_NAME","value":"q"},{"name":"OTHER","value":"x"}]}]}}}
            """);

        AssertSameAsTypedRead(record).Should().BeNull();
    }

    [Fact]
    public void Unknown_members_and_nested_unknown_objects_and_arrays_are_skipped()
    {
        var @event = AsBatchTask(PipelineJson.SharedEvent("ecs-task/awsdocs-ecs-fargate-running-2020.json"));
        var detail = @event["detail"]!.AsObject();
        detail["somethingNew"] = new JsonObject { ["deep"] = new JsonArray(new JsonObject { ["taskArn"] = "not-this-one" }, new JsonArray(1, 2)) };
        detail["anotherList"] = new JsonArray("a", null, 3, new JsonObject());
        detail["containers"]![0]!.AsObject()["unknown"] = new JsonObject { ["exitCode"] = 99 };
        detail["overrides"]!.AsObject()["taskRoleArn"] = "arn:role";
        detail["overrides"]!["containerOverrides"]![0]!.AsObject()["command"] = new JsonArray("AWS_BATCH_JOB_ID", "not-this-one");
        @event["extraEnvelope"] = new JsonArray(new JsonObject { ["detail"] = null });
        var record = PipelineJson.Record(RecordKind.TaskStateChange, @event, PipelineJson.Join(InstanceArn(@event) ?? "arn:ci/1", null));
        record["unknownTopLevel"] = new JsonObject { ["event"] = new JsonObject() };

        var observation = AssertSameAsTypedRead(record)!;
        observation.JobId.Should().Be(JobId);
        observation.Attempts.Should().ContainSingle().Which.TaskArn.Should().Be("arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad");
    }

    [Fact]
    public void Nulls_and_missing_optional_members_read_as_absent()
    {
        var record = Record("""
            {"time":null,"detail":{"taskArn":"arn:t/1","clusterArn":null,"containerInstanceArn":null,"lastStatus":"STOPPED",
             "launchType":null,"availabilityZone":null,"startedAt":null,"stoppedAt":null,"containers":null,
             "overrides":{"containerOverrides":[{"environment":null},{"environment":[{"name":null,"value":"x"},{"name":"AWS_BATCH_JOB_ID","value":"j-1"}]}]}}}
            """, """{"containerInstanceArn":null,"found":false,"item":null}""");

        var observation = AssertSameAsTypedRead(record)!;
        observation.JobId.Should().Be("j-1");
        observation.ObservedAt.Should().BeNull();
        observation.Platform.Should().Be(JobObservations.Ec2);
        observation.Attempts.Should().ContainSingle().Which.ExitCode.Should().BeNull();
    }

    [Fact]
    public void Lists_of_several_items_keep_every_item_in_order()
    {
        var record = Record("""
            {"time":"2024-05-01T10:00:00Z","detail":{"taskArn":"arn:t/1","lastStatus":"STOPPED","launchType":"FARGATE",
             "containers":[{"name":"a","exitCode":0},{"name":"b"},{"name":"c","exitCode":3},{"name":"d","exitCode":4}],
             "overrides":{"containerOverrides":[
               {"name":"a","environment":[{"name":"OTHER","value":"1"},{"name":"AWS_BATCH_JQ_NAME","value":"queue-a"}]},
               {"name":"b","environment":[{"name":"AWS_BATCH_JOB_ID","value":"j-2"},{"name":"AWS_BATCH_JQ_NAME","value":"queue-b"},{"name":"AWS_BATCH_CE_NAME","value":"ce-b"}]},
               {"name":"c","environment":[{"name":"AWS_BATCH_JOB_ID","value":"j-3"}]}]}}}
            """);

        var observation = AssertSameAsTypedRead(record)!;
        observation.JobId.Should().Be("j-2", "the first AWS_BATCH_JOB_ID in override order");
        observation.JobQueue.Should().Be("queue-a");
        observation.ComputeEnvironment.Should().Be("ce-b");
        observation.Attempts[0].ExitCode.Should().Be(3, "the first non-zero exit code in container order");
    }

    [Fact]
    public void Quoted_numbers_read_as_numbers_like_the_typed_read()
    {
        var record = Record("""
            {"detail":{"taskArn":"arn:t/1","lastStatus":"STOPPED","containers":[{"exitCode":"137"}],
             "overrides":{"containerOverrides":[{"environment":[{"name":"AWS_BATCH_JOB_ID","value":"j-1"}]}]}}}
            """);

        AssertSameAsTypedRead(record)!.Attempts[0].ExitCode.Should().Be(137);
    }

    [Theory]
    [InlineData("""{"detail":{"taskArn":7}}""", "detail.taskArn is Number, expected a string")]
    [InlineData("""{"detail":{"launchType":false}}""", "detail.launchType is False, expected a string")]
    [InlineData("""{"detail":{"startedAt":"soon"}}""", "detail.startedAt is String, expected an ISO 8601 date")]
    [InlineData("""{"detail":{"stoppedAt":1700000000000}}""", "detail.stoppedAt is Number, expected an ISO 8601 date")]
    [InlineData("""{"detail":{"containers":{}}}""", "detail.containers is StartObject, expected an array")]
    [InlineData("""{"detail":{"containers":["x"]}}""", "detail.containers[] is String, expected an object")]
    [InlineData("""{"detail":{"containers":[{"exitCode":true}]}}""", "detail.containers[].exitCode is True, expected an integer")]
    [InlineData("""{"detail":{"containers":[{"exitCode":"one"}]}}""", "detail.containers[].exitCode is String, expected an integer")]
    [InlineData("""{"detail":{"containers":[{"exitCode":1.5}]}}""", "detail.containers[].exitCode is Number, expected an integer")]
    [InlineData("""{"detail":{"containers":[{"exitCode":3000000000}]}}""", "detail.containers[].exitCode is Number, expected a 32-bit integer")]
    [InlineData("""{"detail":{"overrides":[]}}""", "detail.overrides is StartArray, expected an object")]
    [InlineData("""{"detail":{"overrides":{"containerOverrides":"x"}}}""", "detail.overrides.containerOverrides is String, expected an array")]
    [InlineData("""{"detail":{"overrides":{"containerOverrides":[{"environment":{}}]}}}""", "detail.overrides.containerOverrides[].environment is StartObject, expected an array")]
    [InlineData("""{"detail":{"overrides":{"containerOverrides":[{"environment":[{"name":1}]}]}}}""", "detail.overrides.containerOverrides[].environment[].name is Number, expected a string")]
    [InlineData("""{"detail":{"overrides":{"containerOverrides":[{"environment":[{"name":"AWS_BATCH_JOB_ID","value":["j"]}]}]}}}""", "detail.overrides.containerOverrides[].environment[].value is StartArray, expected a string")]
    [InlineData("""{"time":"yesterday","detail":{}}""", "event.time is String, expected an ISO 8601 date")]
    [InlineData("""{"detail":[]}""", "detail is StartArray, expected an object")]
    public void A_read_member_of_the_wrong_type_rejects_the_record_naming_it(string @event, string reason)
    {
        var message = PipelineRecordReader.Parse(Record(@event).ToJsonString());

        var act = () => EcsTaskEventReader.Read(message);

        act.Should().Throw<RecordRejectedException>().WithMessage($"TaskStateChange event does not read as EcsTaskDetail: {reason}");
        var typed = () => message.Read(PipelineJsonContext.Default.PipelineRecordEcsTaskDetail);
        typed.Should().Throw<RecordRejectedException>("the typed read rejects it too");
    }

    /// <summary>
    /// A null item is rejected here by name. The typed read kept it, and the observation then failed with a
    /// NullReferenceException (for containers, once the task stopped): dead-lettered all the same, but without saying why.
    /// </summary>
    [Theory]
    [InlineData("""{"detail":{"taskArn":"t","lastStatus":"STOPPED","containers":[{"exitCode":0},null],"overrides":{"containerOverrides":[{"environment":[{"name":"AWS_BATCH_JOB_ID","value":"j"}]}]}}}""", "detail.containers[] is Null, expected an object")]
    [InlineData("""{"detail":{"overrides":{"containerOverrides":[null]}}}""", "detail.overrides.containerOverrides[] is Null, expected an object")]
    [InlineData("""{"detail":{"overrides":{"containerOverrides":[{"environment":[null]}]}}}""", "detail.overrides.containerOverrides[].environment[] is Null, expected an object")]
    public void A_null_item_in_a_list_of_objects_rejects_the_record_naming_the_list(string @event, string reason)
    {
        var message = PipelineRecordReader.Parse(Record(@event).ToJsonString());

        var act = () => EcsTaskEventReader.Read(message);

        act.Should().Throw<RecordRejectedException>().WithMessage($"TaskStateChange event does not read as EcsTaskDetail: {reason}");
        var typed = message.Read(PipelineJsonContext.Default.PipelineRecordEcsTaskDetail);
        var observe = () => JobObservations.FromTaskEvent(typed.Event!.Detail!, typed.Event.Time, null);
        observe.Should().Throw<NullReferenceException>("what the typed read's record did with it");
    }

    /// <summary>
    /// <see cref="PipelineRecordReader.Parse(string)"/> rejects a truncated body before any processor reads it; the
    /// reader, given one anyway, rejects it too, wherever it is cut, instead of returning what it read so far.
    /// </summary>
    [Fact]
    public void A_truncated_record_is_rejected_wherever_it_is_cut()
    {
        var @event = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        var body = Encoding.UTF8.GetBytes(PipelineJson.Record(RecordKind.TaskStateChange, @event, PipelineJson.Join("arn:ci/1", Item("arn:ci/1"))).ToJsonString());
        EcsTaskEventReader.Read(new PipelineMessage(RecordKind.TaskStateChange, body)).Detail.TaskArn.Should().NotBeNull("the whole body reads");

        for (var length = 0; length < body.Length; length++)
        {
            var act = () => EcsTaskEventReader.Read(new PipelineMessage(RecordKind.TaskStateChange, body.AsMemory(0, length)));
            act.Should().Throw<RecordRejectedException>($"the body cut at {length} of {body.Length} bytes is not a record")
                .WithMessage("TaskStateChange event does not read as EcsTaskDetail: *")
                .WithInnerException<JsonException>();
        }
    }

    [Fact]
    public void A_join_whose_found_is_not_a_boolean_is_rejected()
    {
        var act = () => EcsTaskEventReader.Read(PipelineRecordReader.Parse(Record("""{"detail":{"taskArn":"t"}}""", """{"found":"yes"}""").ToJsonString()));
        act.Should().Throw<RecordRejectedException>().WithMessage("*join.found is String, expected true or false");
    }

    [Theory]
    [InlineData("""{"id":"e-1"}""")]
    [InlineData("""{"detail":null}""")]
    public void An_event_without_detail_is_rejected(string @event)
    {
        var act = () => EcsTaskEventReader.Read(PipelineRecordReader.Parse(Record(@event).ToJsonString()));
        act.Should().Throw<RecordRejectedException>().WithMessage("TaskStateChange event has no detail");
    }

    /// <summary>
    /// Reads the record both ways and checks that everything the task processor uses is the same: the time, the
    /// detail's used members, the join and the observation. Returns the observation (null: not a Batch job's task).
    /// </summary>
    private static JobObservation? AssertSameAsTypedRead(JsonObject record)
    {
        var message = PipelineRecordReader.Parse(record.ToJsonString());
        var typed = message.Read(PipelineJsonContext.Default.PipelineRecordEcsTaskDetail);
        var read = EcsTaskEventReader.Read(message);

        read.Time.Should().Be(typed.Event!.Time);
        read.Detail.Should().BeEquivalentTo(typed.Event.Detail, o => o.WithStrictOrdering().Excluding(m => Unused(m)));
        read.Join.Should().BeEquivalentTo(typed.Join, o => o.Excluding(j => j!.Attempts));

        var expected = JobObservations.FromTaskEvent(typed.Event.Detail!, typed.Event.Time, typed.Join?.Item);
        var observation = JobObservations.FromTaskEvent(read.Detail, read.Time, read.Join?.Item);
        observation.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        return observation;
    }

    /// <summary>The modelled members the reader skips (the observation does not use them): see its remarks.</summary>
    private static bool Unused(IMemberInfo member) =>
        (member.DeclaringType == typeof(EcsTaskDetail) && member.Name is nameof(EcsTaskDetail.DesiredStatus) or nameof(EcsTaskDetail.StartedBy)
            or nameof(EcsTaskDetail.CreatedAt) or nameof(EcsTaskDetail.StoppedReason) or nameof(EcsTaskDetail.Version))
        || (member.DeclaringType == typeof(EcsTaskContainer) && member.Name != nameof(EcsTaskContainer.ExitCode))
        || (member.DeclaringType == typeof(EcsContainerOverride) && member.Name == nameof(EcsContainerOverride.Name));

    /// <summary>No join, a join that found the task's instance, and one that did not.</summary>
    private static JsonObject?[] Joins(JsonObject @event)
    {
        var arn = InstanceArn(@event) ?? "arn:aws:ecs:us-east-1:123456789012:container-instance/none/0";
        return [null, PipelineJson.Join(arn, Item(arn)), PipelineJson.Join(arn, null)];
    }

    /// <summary>The sample as Batch starts a task: its container overrides carry the job's environment.</summary>
    private static JsonObject AsBatchTask(JsonObject @event)
    {
        var copy = @event.DeepClone().AsObject();
        copy["detail"]!["overrides"]!["containerOverrides"]![0]!.AsObject()["environment"] = new JsonArray(
            new JsonObject { ["name"] = "AWS_BATCH_JOB_ID", ["value"] = JobId },
            new JsonObject { ["name"] = "AWS_BATCH_JQ_NAME", ["value"] = "arn:aws:batch:us-east-1:111122223333:job-queue/q1" },
            new JsonObject { ["name"] = "AWS_BATCH_JOB_ATTEMPT", ["value"] = "1" });
        return copy;
    }

    private static string? InstanceArn(JsonObject @event) => @event["detail"]?["containerInstanceArn"]?.GetValue<string>();

    private static JsonObject Record(string @event, string? join = null) =>
        PipelineJson.Record(RecordKind.TaskStateChange, JsonNode.Parse(@event)!, join is null ? null : JsonNode.Parse(join)!.AsObject());

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
