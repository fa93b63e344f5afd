using System.Globalization;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// "ECS Task State Change" events for the task of one Batch attempt, in the shape of the documented EC2 and
/// Fargate samples (shared/events/ecs-task), with the container overrides Batch sets (AWS_BATCH_JOB_ID, ...).
/// </summary>
internal static class EcsTaskEvents
{
    public const string DetailType = "ECS Task State Change";

    public static string TaskDefinitionArn(EventEmitter e, JobDefinitionSpec definition) =>
        $"arn:aws:ecs:{e.Region}:{e.Account}:task-definition/{definition.TaskDefinitionFamily}:1";

    /// <summary>
    /// Writes one task event; <paramref name="phase"/> is PENDING, RUNNING, STOPPING (lastStatus RUNNING with
    /// desiredStatus STOPPED: the container has exited) or STOPPED.
    /// </summary>
    public static void Write(EventEmitter e, SimJob job, SimAttempt attempt, TaskPhase phase, long second)
    {
        attempt.TaskVersion++;
        var env = attempt.Environment;
        var fargate = attempt.Instance is null;
        var lastStatus = phase switch
        {
            TaskPhase.Pending => "PENDING",
            TaskPhase.Stopped => "STOPPED",
            _ => "RUNNING",
        };
        var desiredStatus = phase is TaskPhase.Stopping or TaskPhase.Stopped ? "STOPPED" : "RUNNING";
        var createdAtMs = attempt.StartingSecond * 1000 + 137;
        var pullStartedMs = createdAtMs + 1000;
        var pullStoppedMs = Math.Max(pullStartedMs, attempt.StartedAtMs - 600);
        var started = phase != TaskPhase.Pending;
        var exited = phase is TaskPhase.Stopping or TaskPhase.Stopped;
        var updatedAtMs = phase switch
        {
            TaskPhase.Pending => createdAtMs + 40,
            TaskPhase.Running => attempt.StartedAtMs + 12,
            TaskPhase.Stopping => attempt.StoppedAtMs + 15,
            _ => second * 1000 + 300,
        };

        var w = e.BeginEnvelope(DetailType, "aws.ecs", second, attempt.TaskArn);
        w.WriteStartArray("attachments");
        if (fargate)
        {
            w.WriteStartObject();
            w.WriteString("id", attempt.TaskId[..8] + "-eni");
            w.WriteString("type", "eni");
            w.WriteString("status", phase == TaskPhase.Stopped ? "DELETED" : "ATTACHED");
            w.WriteStartArray("details");
            WriteNameValue(w, "subnetId", SubnetOf(attempt.AvailabilityZone));
            WriteNameValue(w, "privateIPv4Address", attempt.PrivateIp);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("attributes");
        WriteNameValue(w, "ecs.cpu-architecture", attempt.Instance?.Type.Architecture ?? "x86_64");
        w.WriteEndArray();
        w.WriteString("availabilityZone", attempt.AvailabilityZone);
        w.WriteString("clusterArn", env.ClusterArn);
        if (started)
        {
            w.WriteString("connectivity", "CONNECTED");
            w.WriteString("connectivityAt", AwsTime.Milliseconds(createdAtMs + 400));
        }

        if (attempt.ContainerInstanceArn is not null)
        {
            w.WriteString("containerInstanceArn", attempt.ContainerInstanceArn);
        }

        w.WriteStartArray("containers");
        w.WriteStartObject();
        w.WriteString("containerArn", $"arn:aws:ecs:{e.Region}:{e.Account}:container/{env.Spec.ClusterName}/{attempt.TaskId}/{attempt.TaskId[..8]}-c0");
        if (exited)
        {
            w.WriteNumber("exitCode", attempt.ExitCode);
            if (attempt.ContainerReason is not null)
            {
                w.WriteString("reason", attempt.ContainerReason);
            }
        }

        w.WriteString("lastStatus", exited ? "STOPPED" : lastStatus);
        w.WriteString("name", "default");
        w.WriteString("image", job.Definition.Image);
        if (started)
        {
            w.WriteString("runtimeId", $"{attempt.TaskId}-{attempt.TaskId[..10]}");
        }

        w.WriteString("taskArn", attempt.TaskArn);
        w.WriteStartArray("networkInterfaces");
        if (fargate)
        {
            w.WriteStartObject();
            w.WriteString("attachmentId", attempt.TaskId[..8] + "-eni");
            w.WriteString("privateIpv4Address", attempt.PrivateIp);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("cpu", (job.Definition.Vcpus * 1024).ToString(CultureInfo.InvariantCulture));
        w.WriteString("memory", job.Definition.MemoryMiB.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("cpu", (job.Definition.Vcpus * 1024).ToString(CultureInfo.InvariantCulture));
        w.WriteString("memory", job.Definition.MemoryMiB.ToString(CultureInfo.InvariantCulture));
        w.WriteString("createdAt", AwsTime.Milliseconds(createdAtMs));
        w.WriteString("desiredStatus", desiredStatus);
        w.WriteBoolean("enableExecuteCommand", false);
        if (exited)
        {
            w.WriteString("executionStoppedAt", AwsTime.Milliseconds(attempt.StoppedAtMs));
        }

        w.WriteString("group", $"family:{job.Definition.TaskDefinitionFamily}");
        w.WriteString("launchType", fargate ? "FARGATE" : "EC2");
        w.WriteString("lastStatus", lastStatus);
        WriteOverrides(w, job, attempt);
        if (fargate)
        {
            w.WriteString("platformVersion", "1.4.0");
        }

        if (started)
        {
            w.WriteString("pullStartedAt", AwsTime.Milliseconds(pullStartedMs));
            w.WriteString("pullStoppedAt", AwsTime.Milliseconds(pullStoppedMs));
            w.WriteString("startedAt", AwsTime.Milliseconds(attempt.StartedAtMs));
        }

        // Batch starts tasks with startedBy set to the job id (see README: an assumption, no real sample was found).
        w.WriteString("startedBy", job.JobId);
        if (exited)
        {
            w.WriteString("stopCode", "EssentialContainerExited");
            w.WriteString("stoppingAt", AwsTime.Milliseconds(attempt.StoppedAtMs + 10));
            w.WriteString("stoppedReason", SimAttempt.EssentialContainerExited);
        }

        if (phase == TaskPhase.Stopped)
        {
            w.WriteString("stoppedAt", AwsTime.Milliseconds(second * 1000 + 250));
        }

        w.WriteString("updatedAt", AwsTime.Milliseconds(updatedAtMs));
        w.WriteString("taskArn", attempt.TaskArn);
        w.WriteString("taskDefinitionArn", TaskDefinitionArn(e, job.Definition));
        w.WriteNumber("version", attempt.TaskVersion);
        e.EndEnvelope(w, EventFile.Ecs, DetailType, second * 1000);
    }

    public static string SubnetOf(string availabilityZone) => availabilityZone switch
    {
        "us-east-1a" => "subnet-0a1b2c3d4e5f60001",
        "us-east-1b" => "subnet-0a1b2c3d4e5f60002",
        _ => "subnet-0a1b2c3d4e5f60003",
    };

    /// <summary>
    /// The environment Batch passes to the container of the live attempt (not yet in job.Attempts, hence + 1);
    /// CloudTrail redacts these values, the task event does not.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> BatchEnvironment(SimJob job, SimAttempt attempt)
    {
        yield return ("AWS_BATCH_JOB_ID", job.JobId);
        yield return ("AWS_BATCH_JQ_NAME", job.Queue.Name);
        yield return ("AWS_BATCH_CE_NAME", attempt.Environment.Spec.Name);
        yield return ("AWS_BATCH_JOB_ATTEMPT", (job.Attempts.Count + 1).ToString(CultureInfo.InvariantCulture));
        if (job.ArrayIndex is { } index)
        {
            yield return ("AWS_BATCH_JOB_ARRAY_INDEX", index.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteOverrides(Utf8JsonWriter w, SimJob job, SimAttempt attempt)
    {
        w.WriteStartObject("overrides");
        w.WriteStartArray("containerOverrides");
        w.WriteStartObject();
        w.WriteStartArray("environment");
        foreach (var (name, value) in BatchEnvironment(job, attempt))
        {
            WriteNameValue(w, name, value);
        }

        w.WriteEndArray();
        w.WriteString("name", "default");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNameValue(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    }
}

internal enum TaskPhase
{
    Pending,
    Running,
    Stopping,
    Stopped,
}
