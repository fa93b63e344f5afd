using System.Globalization;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// CloudTrail RunTask records of the calls Batch makes to place an attempt, built from the ECS API reference
/// (no real record was found): environment override values are redacted as CloudTrail does, the
/// aws:batch:compute-environment and aws:batch:job-queue system tags remain.
/// </summary>
internal static class RunTaskCalls
{
    public const string EventName = "RunTask";
    private const string Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

    /// <summary>A successful call: one task in responseElements.tasks, no failures.</summary>
    public static void WriteSuccess(EventEmitter e, SimJob job, SimAttempt attempt, long second)
    {
        var w = BeginCall(e, job, attempt.Environment, attempt, second);
        w.WriteStartObject("responseElements");
        w.WriteStartArray("tasks");
        WriteTask(e, w, job, attempt, second);
        w.WriteEndArray();
        w.WriteStartArray("failures");
        w.WriteEndArray();
        w.WriteEndObject();
        CloudTrailEnvelope.End(e, w, EventName, second * 1000);
    }

    /// <summary>A call ECS could not place: no tasks, one failure naming the container instance and the reason.</summary>
    public static void WriteFailure(EventEmitter e, SimJob job, ComputeEnvironmentState environment, SimInstance instance, string reason, long second)
    {
        var w = BeginCall(e, job, environment, attempt: null, second);
        w.WriteStartObject("responseElements");
        w.WriteStartArray("tasks");
        w.WriteEndArray();
        w.WriteStartArray("failures");
        w.WriteStartObject();
        w.WriteString("arn", instance.ContainerInstanceArn);
        w.WriteString("reason", reason);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        CloudTrailEnvelope.End(e, w, EventName, second * 1000);
    }

    private static Utf8JsonWriter BeginCall(EventEmitter e, SimJob job, ComputeEnvironmentState environment, SimAttempt? attempt, long second)
    {
        var fargate = environment.Spec.IsFargate;
        var w = CloudTrailEnvelope.Begin(e, "aws.ecs", "ecs.amazonaws.com", EventName, second, BatchServiceCaller.Instance);
        w.WriteStartObject("requestParameters");
        w.WriteString("cluster", environment.ClusterArn);
        w.WriteNumber("count", 1);
        w.WriteBoolean("enableECSManagedTags", false);
        if (fargate)
        {
            w.WriteString("launchType", "FARGATE");
            w.WriteString("platformVersion", "LATEST");
            w.WriteStartObject("networkConfiguration");
            w.WriteStartObject("awsvpcConfiguration");
            w.WriteStartArray("subnets");
            foreach (var az in DayTopology.AvailabilityZones)
            {
                w.WriteStringValue(EcsTaskEvents.SubnetOf(az));
            }

            w.WriteEndArray();
            w.WriteString("assignPublicIp", "DISABLED");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject("overrides");
        w.WriteStartArray("containerOverrides");
        w.WriteStartObject();
        w.WriteString("name", "default");
        w.WriteStartArray("environment");
        foreach (var (name, _) in EcsTaskEvents.BatchEnvironment(job, attempt ?? PlaceholderAttempt(environment)))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", Hidden);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("propagateTags", "TASK_DEFINITION");
        w.WriteString("startedBy", job.JobId);
        w.WriteStartArray("tags");
        WriteTag(w, "aws:batch:compute-environment", environment.Arn);
        WriteTag(w, "aws:batch:job-queue", BatchJobEvents.QueueArn(e, job.Queue));
        w.WriteEndArray();
        w.WriteString("taskDefinition", EcsTaskEvents.TaskDefinitionArn(e, job.Definition));
        w.WriteEndObject();
        return w;
    }

    private static void WriteTask(EventEmitter e, Utf8JsonWriter w, SimJob job, SimAttempt attempt, long second)
    {
        var fargate = attempt.Instance is null;
        w.WriteStartObject();
        w.WriteStartArray("attachments");
        w.WriteEndArray();
        w.WriteString("availabilityZone", attempt.AvailabilityZone);
        w.WriteString("clusterArn", attempt.Environment.ClusterArn);
        if (attempt.ContainerInstanceArn is not null)
        {
            w.WriteString("containerInstanceArn", attempt.ContainerInstanceArn);
        }

        w.WriteStartArray("containers");
        w.WriteStartObject();
        w.WriteString("containerArn", $"arn:aws:ecs:{e.Region}:{e.Account}:container/{attempt.Environment.Spec.ClusterName}/{attempt.TaskId}/{attempt.TaskId[..8]}-c0");
        w.WriteString("image", job.Definition.Image);
        w.WriteString("lastStatus", "PENDING");
        w.WriteString("name", "default");
        w.WriteString("taskArn", attempt.TaskArn);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("cpu", (job.Definition.Vcpus * 1024).ToString(CultureInfo.InvariantCulture));
        w.WriteString("createdAt", AwsTime.Milliseconds(second * 1000 + 137));
        w.WriteString("desiredStatus", "RUNNING");
        w.WriteString("group", $"family:{job.Definition.TaskDefinitionFamily}");
        w.WriteString("lastStatus", "PENDING");
        w.WriteString("launchType", fargate ? "FARGATE" : "EC2");
        w.WriteString("memory", job.Definition.MemoryMiB.ToString(CultureInfo.InvariantCulture));
        w.WriteString("startedBy", job.JobId);
        w.WriteString("taskArn", attempt.TaskArn);
        w.WriteString("taskDefinitionArn", EcsTaskEvents.TaskDefinitionArn(e, job.Definition));
        w.WriteNumber("version", 1);
        w.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    // Only the names of the overrides matter in a failed call (values are redacted); this stands in for the attempt.
    private static SimAttempt PlaceholderAttempt(ComputeEnvironmentState environment) => new()
    {
        Environment = environment,
        Instance = null,
        TaskId = string.Empty,
        TaskArn = string.Empty,
        AvailabilityZone = string.Empty,
        LogStreamName = string.Empty,
        PrivateIp = string.Empty,
        StartingSecond = 0,
        StartingDelaySeconds = 0,
        RunSeconds = 0,
        ExitCode = 0,
        ContainerReason = null,
    };
}
