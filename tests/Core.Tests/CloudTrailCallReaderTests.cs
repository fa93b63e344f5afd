using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Metrics;
using BatchRuntimeMonitor.Core.Naming;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The hand-written CloudTrail call readers (<see cref="RunTaskCallReader"/>, <see cref="SubmitJobCallReader"/>)
/// against the typed read they replace on the RunTaskCalls and JobTransitions paths, with the JsonElement reading of
/// the request and response the processors used before (kept here as the oracle): the same metrics and the same
/// observation for the sample and for requests and responses missing, redacted, reshaped or repeated.
/// </summary>
public class CloudTrailCallReaderTests
{
    private const string Namespace = MetricCatalog.DefaultNamespace;

    public static TheoryData<string> RunTaskVariants() => new(RunTaskMutations.Keys);

    public static TheoryData<string> SubmitJobVariants() => new(SubmitJobMutations.Keys);

    private static readonly Dictionary<string, Func<string, string>> RunTaskMutations = new()
    {
        ["as sampled"] = json => json,
        ["no tags"] = json => Detail(json, d => d["requestParameters"]!.AsObject().Remove("tags")),
        ["tags null"] = json => Detail(json, d => d["requestParameters"]!["tags"] = null),
        ["tags a string"] = json => Detail(json, d => d["requestParameters"]!["tags"] = "aws:batch:job-queue"),
        ["odd tag items"] = json => Detail(json, d => d["requestParameters"]!["tags"] = JsonNode.Parse("""
            ["aws:batch:job-queue", null, {"key":5,"value":"arn:x/not-this"}, {"key":"aws:batch:job-queue","value":7},
             {"value":"arn:x/nor-this"}, {"key":"aws:batch:compute-environment","value":"arn:aws:batch:us-east-1:1:compute-environment/ce-from-tag"},
             {"key":"aws:batch:compute-environment","value":"arn:aws:batch:us-east-1:1:compute-environment/later-tag-wins","extra":[1,{"key":"x"}]}]
            """)),
        ["no compute environment tag"] = json => Detail(json, d => d["requestParameters"]!["tags"]!.AsArray().RemoveAt(0)),
        ["no compute environment tag, cluster not a string"] = json => Detail(json, d =>
        {
            d["requestParameters"]!["tags"]!.AsArray().RemoveAt(0);
            d["requestParameters"]!["cluster"] = 5;
        }),
        ["no compute environment tag, old cluster name"] = json => Detail(json, d =>
        {
            d["requestParameters"]!["tags"]!.AsArray().RemoveAt(0);
            d["requestParameters"]!["cluster"] = "arn:aws:ecs:us-east-1:123456789012:cluster/spot-arm64_Batch_e4845889-71a4-4b51-98bc-6989a0a1cf9e";
        }),
        ["request null"] = json => Detail(json, d => d["requestParameters"] = null),
        ["request an array"] = json => Detail(json, d => d["requestParameters"] = new JsonArray(1, "x")),
        ["no failures"] = json => Detail(json, d => d["responseElements"]!.AsObject().Remove("failures")),
        ["failures null"] = json => Detail(json, d => d["responseElements"]!["failures"] = null),
        ["odd failures"] = json => Detail(json, d => d["responseElements"]!["failures"] = JsonNode.Parse("""
            [{"reason":null}, {"reason":5}, "RESOURCE:CPU", {"reason":""}, {"arn":"a"}, {"reason":"AGENT"}, {"reason":"AGENT","more":{"reason":"x"}}, null, []]
            """)),
        ["response null"] = json => Detail(json, d => d["responseElements"] = null),
        ["response a string"] = json => Detail(json, d => d["responseElements"] = "HIDDEN_DUE_TO_SECURITY_REASONS"),
        ["no eventID: the event's id"] = json => Detail(json, d => d.Remove("eventID")),
        ["eventID null: the event's id"] = json => Detail(json, d => d["eventID"] = null),
        ["no eventTime: the event's time"] = json => Detail(json, d => d.Remove("eventTime")),
        ["repeated request, the last counts"] = json => json.Replace("\"responseElements\":", "\"requestParameters\":{\"cluster\":\"arn:aws:ecs:us-east-1:1:cluster/AWSBatch-second-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941\"},\"responseElements\":", StringComparison.Ordinal),
        ["repeated request, the last has no tags or cluster"] = json => json.Replace("\"responseElements\":", "\"requestParameters\":{\"count\":1},\"responseElements\":", StringComparison.Ordinal),
        ["repeated response, the last counts"] = json => json.Replace("\"requestID\":", "\"responseElements\":{\"failures\":[{\"reason\":\"LAST\"}]},\"requestID\":", StringComparison.Ordinal),
        ["repeated response, the last has no failures"] = json => json.Replace("\"requestID\":", "\"responseElements\":{\"tasks\":[]},\"requestID\":", StringComparison.Ordinal),
        ["repeated members inside, the last counts"] = json => json
            .Replace("\"tags\":", "\"tags\":[],\"cluster\":7,\"tags\":", StringComparison.Ordinal)
            .Replace("\"failures\":", "\"failures\":null,\"failures\":", StringComparison.Ordinal),
        ["repeated tag key and value"] = json => Detail(json, d => d["requestParameters"]!["tags"] = JsonNode.Parse("[]")).Replace(
            "\"tags\":[]", "\"tags\":[{\"key\":\"aws:batch:job-queue\",\"value\":\"arn:q/first\",\"value\":\"arn:q/second\",\"key\":\"aws:batch:job-queue\"}]", StringComparison.Ordinal),
    };

    private static readonly Dictionary<string, Func<string, string>> SubmitJobMutations = new()
    {
        ["as sampled"] = json => json,
        ["failed call"] = json => Detail(json, d => d["errorCode"] = "ClientException"),
        ["no job id"] = json => Detail(json, d => d["responseElements"]!.AsObject().Remove("jobId")),
        ["job id not a string"] = json => Detail(json, d => d["responseElements"]!["jobId"] = 12),
        ["response null"] = json => Detail(json, d => d["responseElements"] = null),
        ["name only in the request"] = json => Detail(json, d => d["responseElements"]!.AsObject().Remove("jobName")),
        ["names nowhere"] = json => Detail(json, d =>
        {
            d["responseElements"]!.AsObject().Remove("jobName");
            d["requestParameters"]!["jobName"] = new JsonObject();
        }),
        ["queue and definition by name"] = json => Detail(json, d =>
        {
            d["requestParameters"]!["jobQueue"] = "batch-job-queue-dev";
            d["requestParameters"]!["jobDefinition"] = "cpu-stress-test-dev";
        }),
        ["queue and definition not strings"] = json => Detail(json, d =>
        {
            d["requestParameters"]!["jobQueue"] = 1;
            d["requestParameters"]!["jobDefinition"] = new JsonArray();
        }),
        ["no array properties"] = json => Detail(json, d => d["requestParameters"]!.AsObject().Remove("arrayProperties")),
        ["array size not an integer"] = json => Detail(json, d => d["requestParameters"]!["arrayProperties"] = JsonNode.Parse("""{"size":4.5}""")),
        ["array properties null"] = json => Detail(json, d => d["requestParameters"]!["arrayProperties"] = null),
        ["odd dependencies"] = json => Detail(json, d => d["requestParameters"]!["dependsOn"] = JsonNode.Parse("""
            [{"jobId":"a","type":"N_TO_N"}, {"jobId":5}, "b", null, {"type":"SEQUENTIAL"}, {"jobId":"c","type":7}, {"jobId":"d","extra":[{"jobId":"x"}]}]
            """)),
        ["dependencies not a list"] = json => Detail(json, d => d["requestParameters"]!["dependsOn"] = "a"),
        ["request null"] = json => Detail(json, d => d["requestParameters"] = null),
        ["no eventTime: the event's time"] = json => Detail(json, d => d.Remove("eventTime")),
        ["repeated request, the last counts"] = json => json.Replace("\"responseElements\":", "\"requestParameters\":{\"jobQueue\":\"second-queue\"},\"responseElements\":", StringComparison.Ordinal),
        ["repeated response, the last has no job id"] = json => json.Replace("\"requestID\":", "\"responseElements\":{\"jobArn\":\"arn\"},\"requestID\":", StringComparison.Ordinal),
        ["repeated response, the last has no job name"] = json => json.Replace("\"requestID\":", "\"responseElements\":{\"jobId\":\"j-2\"},\"requestID\":", StringComparison.Ordinal),
        ["repeated members inside, the last counts"] = json => json
            .Replace("\"jobQueue\":", "\"jobQueue\":\"first\",\"jobQueue\":", StringComparison.Ordinal)
            .Replace("\"size\":", "\"size\":9,\"size\":", StringComparison.Ordinal)
            .Replace("\"jobId\":\"7419", "\"jobId\":null,\"jobId\":\"7419", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(RunTaskVariants))]
    public async Task A_RunTask_call_counts_as_the_typed_read_counted_it(string variant)
    {
        var body = RunTaskMutations[variant](Record(RecordKind.RunTaskCall, "constructed-cloudtrail-runtask-by-batch.json"));
        var expected = TypedRunTaskDocuments(PipelineRecordReader.Parse(body));

        var run = new Processors();
        await run.Tasks.ProcessAsync(PipelineRecordReader.Parse(body), CancellationToken.None);

        run.Output.EmfLines.Should().Equal(expected);
        if (variant is not ("request null" or "request an array" or "repeated request, the last has no tags or cluster"))
        {
            run.Output.EmfLines.Should().NotBeEmpty("the call counts under its queue or compute environment");
        }
    }

    [Fact]
    public void The_sampled_RunTask_call_reads_its_tags_failures_and_ids()
    {
        var body = Record(RecordKind.RunTaskCall, "constructed-cloudtrail-runtask-by-batch.json");

        var call = RunTaskCallReader.Read(PipelineRecordReader.Parse(body));

        call.Detail.EventId.Should().Be("5e6f7a8b-0000-4000-8000-000000000004");
        call.Detail.EventTime.Should().Be(DateTimeOffset.Parse("2025-10-17T13:19:20Z", System.Globalization.CultureInfo.InvariantCulture));
        call.Detail.Cluster.Should().EndWith("/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941");
        call.Detail.Tags.Select(t => t.Name).Should().Equal("aws:batch:compute-environment", "aws:batch:job-queue");
        call.Detail.FailureReasons.Should().Equal("RESOURCE:MEMORY", "RESOURCE:MEMORY", "RESOURCE:CPU");
        call.Id.Should().StartWith("cloudtrail-");
    }

    [Theory]
    [MemberData(nameof(SubmitJobVariants))]
    public void A_SubmitJob_call_gives_the_observation_of_the_typed_read(string variant)
    {
        var body = SubmitJobMutations[variant](Record(RecordKind.SubmitJobCall, "constructed-cloudtrail-submit-job.json"));
        var expected = TypedSubmitJobObservation(PipelineRecordReader.Parse(body));

        var observation = JobObservations.FromSubmitJobCall(SubmitJobCallReader.Read(PipelineRecordReader.Parse(body)));

        observation.Should().BeEquivalentTo(expected, options => options.WithStrictOrdering());
        if (variant == "as sampled")
        {
            observation!.ArraySize.Should().Be(4);
            observation.DependsOn.Should().Equal(new JobDependency("11111111-2222-3333-4444-555555555555", "SEQUENTIAL"));
        }
    }

    /// <summary>
    /// The one intended difference: a quoted or redacted array size made the JsonElement read throw
    /// (InvalidOperationException), failing the record without a reason; it now reads as unknown, as every other
    /// request member that is not what it should be.
    /// </summary>
    [Fact]
    public void A_SubmitJob_array_size_that_is_not_a_number_reads_as_unknown()
    {
        var body = Detail(Record(RecordKind.SubmitJobCall, "constructed-cloudtrail-submit-job.json"), d => d["requestParameters"]!["arrayProperties"] = JsonNode.Parse("""{"size":"HIDDEN_DUE_TO_SECURITY_REASONS"}"""));
        var typed = () => TypedSubmitJobObservation(PipelineRecordReader.Parse(body));
        typed.Should().Throw<InvalidOperationException>("what the typed read did");

        var observation = JobObservations.FromSubmitJobCall(SubmitJobCallReader.Read(PipelineRecordReader.Parse(body)))!;

        observation.ArraySize.Should().BeNull();
        observation.JobId.Should().Be("7419bcec-23b4-4a65-981b-857c5a9040a5");
    }

    [Theory]
    [InlineData(RecordKind.RunTaskCall, "eventTime", "5", "detail.eventTime is Number, expected an ISO 8601 date")]
    [InlineData(RecordKind.RunTaskCall, "eventTime", "\"yesterday\"", "detail.eventTime is String, expected an ISO 8601 date")]
    [InlineData(RecordKind.RunTaskCall, "eventID", "{}", "detail.eventID is StartObject, expected a string")]
    [InlineData(RecordKind.SubmitJobCall, "eventTime", "true", "detail.eventTime is True, expected an ISO 8601 date")]
    [InlineData(RecordKind.SubmitJobCall, "errorCode", "[]", "detail.errorCode is StartArray, expected a string")]
    public void A_call_member_of_the_wrong_type_rejects_the_record_by_its_path_as_the_typed_read_rejected_it(string kind, string member, string value, string reason)
    {
        var file = kind == RecordKind.RunTaskCall ? "constructed-cloudtrail-runtask-by-batch.json" : "constructed-cloudtrail-submit-job.json";
        var body = Detail(Record(kind, file), d => d[member] = JsonNode.Parse(value));
        var message = PipelineRecordReader.Parse(body);

        var typed = () => message.Read(PipelineJsonContext.Default.PipelineRecordCloudTrailRecord);
        typed.Should().Throw<RecordRejectedException>();
        Action read = kind == RecordKind.RunTaskCall ? () => RunTaskCallReader.Read(message) : () => SubmitJobCallReader.Read(message);
        read.Should().Throw<RecordRejectedException>().WithMessage($"{kind} event does not read as *CallDetail: {reason}");
    }

    [Theory]
    [InlineData(RecordKind.RunTaskCall)]
    [InlineData(RecordKind.SubmitJobCall)]
    public async Task A_call_without_detail_is_rejected_as_before(string kind)
    {
        var body = "{\"schema\":1,\"kind\":\"" + kind + "\",\"event\":{\"id\":\"e-1\",\"detail\":null}}";
        var run = new Processors();

        var act = async () => await (kind == RecordKind.RunTaskCall ? run.Tasks : (IRecordProcessor)run.Jobs).ProcessAsync(PipelineRecordReader.Parse(body), CancellationToken.None);

        await act.Should().ThrowAsync<RecordRejectedException>().WithMessage($"{kind} event has no detail");
    }

    [Fact]
    public async Task A_RunTask_call_without_any_id_or_time_is_rejected_saying_which()
    {
        var noId = Detail(Record(RecordKind.RunTaskCall, "constructed-cloudtrail-runtask-by-batch.json"), d => d.Remove("eventID")).Replace("\"id\":\"cloudtrail-", "\"idx\":\"", StringComparison.Ordinal);
        var noTime = Detail(Record(RecordKind.RunTaskCall, "constructed-cloudtrail-runtask-by-batch.json"), d => d.Remove("eventTime")).Replace("\"time\":", "\"timex\":", StringComparison.Ordinal);
        var run = new Processors();

        var withoutId = async () => await run.Tasks.ProcessAsync(PipelineRecordReader.Parse(noId), CancellationToken.None);
        var withoutTime = async () => await run.Tasks.ProcessAsync(PipelineRecordReader.Parse(noTime), CancellationToken.None);

        await withoutId.Should().ThrowAsync<RecordRejectedException>().WithMessage("RunTask call has no eventID");
        await withoutTime.Should().ThrowAsync<RecordRejectedException>().WithMessage("RunTask call has no eventTime");
    }

    private static string Record(string kind, string file) =>
        PipelineJson.Record(kind, PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path(file)))!.AsObject())).ToJsonString();

    private static string Detail(string body, Action<JsonObject> change)
    {
        var record = JsonNode.Parse(body)!.AsObject();
        change(record["event"]!["detail"]!.AsObject());
        return record.ToJsonString();
    }

    // The oracle: what TaskEventsProcessor and JobObservations did with the typed read (CloudTrailRecord) before.

    private static List<string> TypedRunTaskDocuments(PipelineMessage message)
    {
        var @event = message.Read(PipelineJsonContext.Default.PipelineRecordCloudTrailRecord).Event!;
        var call = @event.Detail!;
        var at = (call.EventTime ?? @event.Time)!.Value.ToUnixTimeMilliseconds();
        string? queue = null, computeEnvironment = null;
        var request = call.RequestParameters;
        if (request.ValueKind == JsonValueKind.Object && request.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                switch (JsonReading.String(tag, "key"))
                {
                    case "aws:batch:job-queue": queue = BatchNames.NameFromArn(JsonReading.String(tag, "value")); break;
                    case "aws:batch:compute-environment": computeEnvironment = BatchNames.NameFromArn(JsonReading.String(tag, "value")); break;
                }
            }
        }

        computeEnvironment ??= BatchNames.ComputeEnvironmentFromCluster(JsonReading.String(request, "cluster"));
        var calls = MetricCatalog.Get(MetricCatalog.RunTaskCalls);
        var documents = new EmfDocumentBuilder(Namespace, at)
            .Dimension(Dimension.JobQueue, queue)
            .Dimension(Dimension.ComputeEnvironment, computeEnvironment)
            .Metric(calls.Name, calls.Unit, 1, calls.DimensionSets)
            .Build().Select(EmfWriter.ToJson).ToList();

        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var response = call.ResponseElements;
        if (response.ValueKind == JsonValueKind.Object && response.TryGetProperty("failures", out var failures) && failures.ValueKind == JsonValueKind.Array)
        {
            foreach (var failure in failures.EnumerateArray())
            {
                var reason = JsonReading.String(failure, "reason") is { Length: > 0 } r ? r : "UNKNOWN";
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        var placementFailures = MetricCatalog.Get(MetricCatalog.PlacementFailures);
        foreach (var (reason, count) in reasons)
        {
            documents.AddRange(new EmfDocumentBuilder(Namespace, at)
                .Dimension(Dimension.JobQueue, queue)
                .Dimension(Dimension.ComputeEnvironment, computeEnvironment)
                .Dimension(Dimension.Reason, reason)
                .Metric(placementFailures.Name, placementFailures.Unit, count, placementFailures.DimensionSets)
                .Build().Select(EmfWriter.ToJson));
        }

        return documents;
    }

    private static JobObservation? TypedSubmitJobObservation(PipelineMessage message)
    {
        var @event = message.Read(PipelineJsonContext.Default.PipelineRecordCloudTrailRecord).Event!;
        var record = @event.Detail!;
        var jobId = JsonReading.String(record.ResponseElements, "jobId");
        if (record.ErrorCode is not null || jobId is null)
        {
            return null;
        }

        var request = record.RequestParameters;
        int? arraySize = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("arrayProperties", out var array)
            && array.ValueKind == JsonValueKind.Object && array.TryGetProperty("size", out var size) && size.TryGetInt32(out var n) ? n : null;
        var dependencies = new List<JobDependency>();
        if (request.ValueKind == JsonValueKind.Object && request.TryGetProperty("dependsOn", out var dependsOn) && dependsOn.ValueKind == JsonValueKind.Array)
        {
            foreach (var dependency in dependsOn.EnumerateArray())
            {
                if (JsonReading.String(dependency, "jobId") is { } dependencyId)
                {
                    dependencies.Add(new JobDependency(dependencyId, JsonReading.String(dependency, "type")));
                }
            }
        }

        return new JobObservation(jobId)
        {
            JobName = JsonReading.String(record.ResponseElements, "jobName") ?? JsonReading.String(request, "jobName"),
            JobQueue = BatchNames.NameFromArn(JsonReading.String(request, "jobQueue")),
            JobDefinition = BatchNames.JobDefinitionWithRevision(JsonReading.String(request, "jobDefinition")),
            ArraySize = arraySize,
            Status = JobStatus.Submitted,
            StatusAt = (record.EventTime ?? @event.Time)?.ToUnixTimeMilliseconds(),
            DependsOn = dependencies,
        };
    }
}
