using System.Globalization;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>
/// A random but realistic day of Batch jobs, written as the pipeline records the state machines send: SubmitJob
/// calls, Batch job state changes (with retries, array children, Fargate and EC2) and ECS task state changes, each
/// with the join result the state machine got for it.
/// </summary>
public sealed class JobScenario
{
    private static readonly string[] Queues = ["high-priority", "spot_queue", "gpu-queue-dev"];
    private static readonly string[] Definitions = ["train-model:3", "etl_nightly:12", "render-frames"];
    private static readonly string[] ComputeEnvironments = ["spot-ce", "od_ce-2", "gpu-ce-dev"];
    private static readonly string[] InstanceTypes = ["m5.large", "c6g.xlarge", "r7gd.2xlarge", "p3.2xlarge"];
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    private static readonly string[] Reasons = ["Essential container in task exited", "Host EC2 (instance i-0abc) terminated.", "Task failed to start"];

    public List<JsonObject> Records { get; } = [];

    public List<string> JobIds { get; } = [];

    public List<string> InstanceArns { get; } = [];

    /// <summary>Every EC2 instance the attempts ran on, as its registration describes it.</summary>
    public List<InstanceRecord> Instances { get; } = [];

    /// <summary>
    /// The same records as the state machines send them when every registration came late: each join gave up
    /// (found false after its bounded attempts), so the functions must attribute the jobs themselves.
    /// </summary>
    public List<JsonObject> RecordsWithJoinsGivenUp() => Records.Select(record =>
    {
        var copy = (JsonObject)record.DeepClone();
        if (copy["join"] is JsonObject join)
        {
            copy["join"] = PipelineJson.Join(join["containerInstanceArn"]!.GetValue<string>(), item: null, attempts: 3);
        }

        return copy;
    }).ToList();

    /// <summary>One ECS Container Instance State Change (ACTIVE) per instance, naming its EC2 id, type and zone.</summary>
    public List<JsonObject> Registrations() => Instances.Select(Registration).ToList();

    /// <summary>The ECS Container Instance State Change the InstanceRegistration function receives for <paramref name="instance"/>.</summary>
    public static JsonObject Registration(InstanceRecord instance) => InstanceEvent(instance, "ACTIVE", instance.RegisteredAt!.Value);

    /// <summary>The same instance going INACTIVE at <paramref name="atMs"/> (a deregistration).</summary>
    public static JsonObject Deregistration(InstanceRecord instance, long atMs) => InstanceEvent(instance, "INACTIVE", atMs);

    private static JsonObject InstanceEvent(InstanceRecord instance, string status, long atMs)
    {
        var @event = PipelineJson.SharedEvent("ecs-container-instance/awsdocs-ecs-container-instance-2016.json");
        var detail = @event["detail"]!.AsObject();
        @event["time"] = IsoSeconds(atMs);
        @event["resources"] = new JsonArray(instance.ContainerInstanceArn);
        detail["clusterArn"] = $"arn:aws:ecs:us-east-1:123456789012:cluster/{instance.ClusterName}";
        detail["containerInstanceArn"] = instance.ContainerInstanceArn;
        detail["ec2InstanceId"] = instance.Ec2InstanceId;
        detail["status"] = status;
        detail["registeredAt"] = Iso(instance.RegisteredAt!.Value);
        detail["updatedAt"] = Iso(atMs);
        detail["attributes"]!.AsArray().Add(new JsonObject { ["name"] = "ecs.instance-type", ["value"] = instance.InstanceType });
        detail["attributes"]!.AsArray().Add(new JsonObject { ["name"] = "ecs.availability-zone", ["value"] = instance.AvailabilityZone });
        return PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event);
    }

    /// <param name="sameInstanceTypePerJob">When true, all attempts of a job run on one instance type and zone.</param>
    public static JobScenario Generate(int seed, int jobs, bool sameInstanceTypePerJob = true)
    {
        var random = new Random(seed);
        var scenario = new JobScenario();
        var baseMs = new DateTimeOffset(2024, 3, 31, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(); // crosses midnight
        for (var j = 0; j < jobs; j++)
        {
            scenario.AddJob(random, baseMs + (random.Next(0, 7200) * 1000L), j, sameInstanceTypePerJob);
        }

        return scenario;
    }

    private void AddJob(Random random, long t0, int index, bool sameInstanceTypePerJob)
    {
        var parent = Guid(random);
        var arrayIndex = random.Next(4) == 0 ? random.Next(0, 50) : (int?)null;
        var jobId = arrayIndex is { } i ? $"{parent}:{i}" : parent;
        JobIds.Add(jobId);
        var queue = Pick(random, Queues);
        var definition = Pick(random, Definitions);
        var ce = Pick(random, ComputeEnvironments);
        var fargate = random.Next(4) == 0;
        var clusterUuid = Guid(random);
        var cluster = random.Next(2) == 0 ? $"AWSBatch-{ce}-{clusterUuid}" : $"{ce}_Batch_{clusterUuid}";
        var jobType = Pick(random, InstanceTypes);
        var jobZone = Pick(random, Zones);
        var attemptCount = random.Next(1, 4);
        var startingSeen = random.Next(5) != 0; // some deployments never deliver STARTING (a narrower rule, or lost)
        var succeeded = random.Next(3) != 0;
        var common = new JsonObject
        {
            ["jobArn"] = $"arn:aws:batch:us-east-1:123456789012:job/{jobId}",
            ["jobName"] = $"job-{index}",
            ["jobId"] = jobId,
            ["jobQueue"] = $"arn:aws:batch:us-east-1:123456789012:job-queue/{queue}",
            ["jobDefinition"] = $"arn:aws:batch:us-east-1:123456789012:job-definition/{definition}",
            ["createdAt"] = t0 + 123,
            ["platformCapabilities"] = new JsonArray(fargate ? "FARGATE" : "EC2"),
        };
        if (arrayIndex is not null)
        {
            common["arrayProperties"] = new JsonObject { ["index"] = arrayIndex };
        }

        if (random.Next(10) < 7)
        {
            Records.Add(SubmitJob(jobId, queue, definition, index, t0, random));
        }

        var t = t0 + (random.Next(1, 30) * 1000L);
        if (random.Next(2) == 0)
        {
            Records.Add(BatchEvent(common, "PENDING", t, null, [], null, random));
            t += random.Next(1, 30) * 1000L;
        }

        var finished = new List<JsonObject>();
        for (var a = 0; a < attemptCount; a++)
        {
            var last = a == attemptCount - 1;
            var taskArn = $"arn:aws:ecs:us-east-1:123456789012:task/{cluster}/{Hex(random)}";
            var instanceArn = fargate ? null : $"arn:aws:ecs:us-east-1:123456789012:container-instance/{cluster}/{Hex(random)}";
            var type = sameInstanceTypePerJob ? jobType : Pick(random, InstanceTypes);
            var zone = sameInstanceTypePerJob ? jobZone : Pick(random, Zones);
            if (instanceArn is not null)
            {
                InstanceArns.Add(instanceArn);
            }

            var instance = instanceArn is null ? null : new InstanceRecord
            {
                ContainerInstanceArn = instanceArn,
                Ec2InstanceId = "i-" + Hex(random)[..17],
                InstanceType = type,
                AvailabilityZone = zone,
                Architecture = InstanceArchitecture.FromInstanceType(type),
                ClusterName = cluster,
                ComputeEnvironment = ce,
                RegisteredAt = t0 - 600_000,
            };
            if (instance is not null)
            {
                Instances.Add(instance);
            }

            Records.Add(BatchEvent(common, "RUNNABLE", t, null, finished, null, random, reason: random.Next(5) == 0 ? "Waiting for capacity" : null));
            var starting = t + (random.Next(1, 600) * 1000L);
            var running = starting + (random.Next(1, 120) * 1000L);
            var startedAt = running - random.Next(0, 900);
            var stoppedAt = startedAt + (random.Next(1, 3600) * 1000L) + random.Next(0, 1000);
            var exitCode = last && succeeded ? 0 : random.Next(1, 140);
            var logStream = $"{definition.Split(':')[0]}/default/{taskArn[^32..]}";
            var container = new JsonObject { ["taskArn"] = taskArn, ["logStreamName"] = logStream };
            if (instanceArn is not null)
            {
                container["containerInstanceArn"] = instanceArn;
            }

            if (startingSeen)
            {
                Records.Add(BatchEvent(common, "STARTING", starting, container, finished, null, random, instance));
            }

            Records.Add(BatchEvent(common, "RUNNING", running, container, finished, startedAt, random, instance));
            Records.Add(TaskEvent(jobId, queue, ce, cluster, taskArn, instanceArn, zone, fargate, running, startedAt, null, null, random, instance));
            var stoppedContainer = (JsonObject)container.DeepClone();
            stoppedContainer["exitCode"] = exitCode;
            Records.Add(TaskEvent(jobId, queue, ce, cluster, taskArn, instanceArn, zone, fargate, stoppedAt + 1000, startedAt, stoppedAt, exitCode, random, instance));
            finished.Add(new JsonObject
            {
                ["container"] = stoppedContainer,
                ["startedAt"] = startedAt,
                ["stoppedAt"] = stoppedAt,
                ["statusReason"] = "Essential container in task exited",
            });
            t = stoppedAt + (random.Next(1, 60) * 1000L);
            if (last)
            {
                var terminal = BatchEvent(common, succeeded ? "SUCCEEDED" : "FAILED", t, stoppedContainer, finished, startedAt, random, instance,
                    reason: random.Next(4) == 0 ? null : Pick(random, Reasons));
                terminal["event"]!["detail"]!["stoppedAt"] = stoppedAt;
                Records.Add(terminal);
            }
        }
    }

    private static JsonObject BatchEvent(JsonObject common, string status, long atMs, JsonObject? container, List<JsonObject> attempts, long? startedAt, Random random, InstanceRecord? instance = null, string? reason = null)
    {
        var detail = (JsonObject)common.DeepClone();
        detail["status"] = status;
        detail["attempts"] = new JsonArray(attempts.Select(a => (JsonNode)a.DeepClone()).ToArray());
        if (container is not null)
        {
            detail["container"] = container.DeepClone();
        }

        if (startedAt is not null)
        {
            detail["startedAt"] = startedAt;
        }

        if (reason is not null)
        {
            detail["statusReason"] = reason;
        }

        detail["someFieldAddedNextYear"] = new JsonObject { ["x"] = 1 };
        var @event = Envelope("Batch Job State Change", "aws.batch", atMs, detail, random);
        var arn = container?["containerInstanceArn"]?.GetValue<string>();
        return PipelineJson.Record(RecordKind.JobStateChange, @event, arn is null ? null : Join(arn, instance, random));
    }

    private static JsonObject TaskEvent(string jobId, string queue, string ce, string cluster, string taskArn, string? instanceArn, string zone, bool fargate,
        long atMs, long startedAt, long? stoppedAt, int? exitCode, Random random, InstanceRecord? instance)
    {
        var container = new JsonObject { ["name"] = "default", ["lastStatus"] = stoppedAt is null ? "RUNNING" : "STOPPED" };
        if (exitCode is not null)
        {
            container["exitCode"] = exitCode;
        }

        var detail = new JsonObject
        {
            ["clusterArn"] = $"arn:aws:ecs:us-east-1:123456789012:cluster/{cluster}",
            ["taskArn"] = taskArn,
            ["availabilityZone"] = zone,
            ["launchType"] = fargate ? "FARGATE" : "EC2",
            ["lastStatus"] = stoppedAt is null ? "RUNNING" : "STOPPED",
            ["desiredStatus"] = stoppedAt is null ? "RUNNING" : "STOPPED",
            ["startedBy"] = "AWS Batch",
            ["startedAt"] = Iso(startedAt),
            ["containers"] = new JsonArray(container),
            ["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(new JsonObject
                {
                    ["name"] = "default",
                    ["environment"] = new JsonArray(
                        new JsonObject { ["name"] = "AWS_BATCH_JOB_ID", ["value"] = jobId },
                        new JsonObject { ["name"] = "AWS_BATCH_JQ_NAME", ["value"] = queue },
                        new JsonObject { ["name"] = "AWS_BATCH_CE_NAME", ["value"] = ce }),
                }),
            },
        };
        if (stoppedAt is not null)
        {
            detail["stoppedAt"] = Iso(stoppedAt.Value);
        }

        if (instanceArn is not null)
        {
            detail["containerInstanceArn"] = instanceArn;
        }

        var @event = Envelope("ECS Task State Change", "aws.ecs", atMs, detail, random);
        return PipelineJson.Record(RecordKind.TaskStateChange, @event, instanceArn is null ? null : Join(instanceArn, instance, random));
    }

    private static JsonObject SubmitJob(string jobId, string queue, string definition, int index, long atMs, Random random)
    {
        var record = new JsonObject
        {
            ["eventID"] = Guid(random),
            ["eventTime"] = IsoSeconds(atMs),
            ["eventSource"] = "batch.amazonaws.com",
            ["eventName"] = "SubmitJob",
            ["awsRegion"] = "us-east-1",
            ["recipientAccountId"] = "123456789012",
            ["requestParameters"] = new JsonObject { ["jobName"] = $"job-{index}", ["jobQueue"] = queue, ["jobDefinition"] = definition },
            ["responseElements"] = new JsonObject { ["jobId"] = jobId, ["jobName"] = $"job-{index}" },
        };
        return PipelineJson.Record(RecordKind.SubmitJobCall, PipelineJson.WrapCloudTrail(record));
    }

    /// <summary>The state machine's join: found (the registry item) or, after its bounded retries, not found.</summary>
    private static JsonObject Join(string arn, InstanceRecord? instance, Random random) =>
        PipelineJson.Join(arn, instance is not null && random.Next(3) != 0 ? InstanceItemMapping.ToItem(instance) : null, random.Next(1, 4));

    private static JsonObject Envelope(string detailType, string source, long atMs, JsonObject detail, Random random) => new()
    {
        ["version"] = "0",
        ["id"] = Guid(random),
        ["detail-type"] = detailType,
        ["source"] = source,
        ["account"] = "123456789012",
        ["time"] = IsoSeconds(atMs),
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(),
        ["detail"] = detail,
    };

    private static string IsoSeconds(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms / 1000 * 1000).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static string Hex(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
