using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// "Batch Job State Change" and "Batch Job Queue Blocked" events for single-container jobs, with the detail
/// fields of the documented samples (shared/events/batch-job): container, attempts[], arrayProperties, dependsOn.
/// </summary>
internal static class BatchJobEvents
{
    public const string StateChange = "Batch Job State Change";
    public const string QueueBlocked = "Batch Job Queue Blocked";

    public static void WriteStateChange(EventEmitter e, SimJob job, long second) =>
        Write(e, job, second, StateChange, job.Status, job.StatusReason, withQueueResource: false);

    public static void WriteQueueBlocked(EventEmitter e, SimJob job, long second, string reason) =>
        Write(e, job, second, QueueBlocked, JobStatus.Runnable, reason, withQueueResource: true);

    public static string JobArn(EventEmitter e, string jobId) => $"arn:aws:batch:{e.Region}:{e.Account}:job/{jobId}";

    public static string QueueArn(EventEmitter e, JobQueueSpec queue) => $"arn:aws:batch:{e.Region}:{e.Account}:job-queue/{queue.Name}";

    public static string DefinitionArn(EventEmitter e, JobDefinitionSpec definition) =>
        $"arn:aws:batch:{e.Region}:{e.Account}:job-definition/{definition.NameWithRevision}";

    private static void Write(EventEmitter e, SimJob job, long second, string detailType, string status, string? statusReason, bool withQueueResource)
    {
        var jobArn = JobArn(e, job.JobId);
        var queueArn = QueueArn(e, job.Queue);
        var w = e.BeginEnvelope(detailType, "aws.batch", second, jobArn, withQueueResource ? queueArn : null);
        var terminal = status is JobStatus.Succeeded or JobStatus.Failed;
        // The attempt whose task shows in "container": the live one while STARTING/RUNNING, the last one when done.
        var shown = status is JobStatus.Starting or JobStatus.Running ? job.Current : terminal && job.Attempts.Count > 0 ? job.Attempts[^1] : null;

        w.WriteString("jobArn", jobArn);
        w.WriteString("jobName", job.JobName);
        w.WriteString("jobId", job.JobId);
        w.WriteString("jobQueue", queueArn);
        w.WriteString("status", status);
        if (statusReason is not null)
        {
            w.WriteString("statusReason", statusReason);
        }

        w.WriteStartArray("attempts");
        foreach (var attempt in job.Attempts)
        {
            WriteAttempt(w, attempt);
        }

        w.WriteEndArray();
        w.WriteNumber("createdAt", job.CreatedAtMs);
        w.WriteStartObject("retryStrategy");
        w.WriteNumber("attempts", job.Definition.RetryAttempts);
        w.WriteStartArray("evaluateOnExit");
        w.WriteEndArray();
        w.WriteEndObject();
        if (shown is not null && status != JobStatus.Starting)
        {
            w.WriteNumber("startedAt", shown.StartedAtMs);
            if (terminal)
            {
                w.WriteNumber("stoppedAt", shown.StoppedAtMs);
            }
        }

        w.WriteStartArray("dependsOn");
        foreach (var dependency in job.DependsOn)
        {
            w.WriteStartObject();
            if (dependency.JobId is not null)
            {
                w.WriteString("jobId", dependency.JobId);
            }

            if (dependency.Type is not null)
            {
                w.WriteString("type", dependency.Type);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("jobDefinition", DefinitionArn(e, job.Definition));
        w.WriteStartObject("parameters");
        w.WriteEndObject();
        WriteContainer(w, e.Account, job, shown, terminal);
        w.WriteStartObject("timeout");
        w.WriteNumber("attemptDurationSeconds", job.Definition.AttemptTimeoutSeconds);
        w.WriteEndObject();
        w.WriteStartObject("tags");
        w.WriteString("resourceArn", jobArn);
        w.WriteEndObject();
        w.WriteBoolean("propagateTags", false);
        w.WriteStartArray("platformCapabilities");
        w.WriteStringValue(IsFargate(job) ? "FARGATE" : "EC2");
        w.WriteEndArray();
        w.WriteStartArray("eksAttempts");
        w.WriteEndArray();
        WriteArrayProperties(w, job);
        e.EndEnvelope(w, EventFile.Batch, detailType, second * 1000);
    }

    private static bool IsFargate(SimJob job) => job.Queue.Environments[0].Environment.IsFargate;

    private static void WriteAttempt(Utf8JsonWriter w, SimAttempt attempt)
    {
        w.WriteStartObject();
        w.WriteStartObject("container");
        if (attempt.ContainerInstanceArn is not null)
        {
            w.WriteString("containerInstanceArn", attempt.ContainerInstanceArn);
        }

        w.WriteString("taskArn", attempt.TaskArn);
        w.WriteNumber("exitCode", attempt.ExitCode);
        if (attempt.ContainerReason is not null)
        {
            w.WriteString("reason", attempt.ContainerReason);
        }

        w.WriteString("logStreamName", attempt.LogStreamName);
        WriteNetworkInterfaces(w, attempt);
        w.WriteEndObject();
        w.WriteNumber("startedAt", attempt.StartedAtMs);
        w.WriteNumber("stoppedAt", attempt.StoppedAtMs);
        w.WriteString("statusReason", SimAttempt.EssentialContainerExited);
        w.WriteEndObject();
    }

    private static void WriteNetworkInterfaces(Utf8JsonWriter w, SimAttempt attempt)
    {
        w.WriteStartArray("networkInterfaces");
        if (attempt.Instance is null)
        {
            // Fargate tasks run in awsvpc mode: the attempt shows the task's ENI address.
            w.WriteStartObject();
            w.WriteString("attachmentId", attempt.TaskId[..8] + "-eni");
            w.WriteString("privateIpv4Address", attempt.PrivateIp);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteContainer(Utf8JsonWriter w, string account, SimJob job, SimAttempt? shown, bool terminal)
    {
        var definition = job.Definition;
        var fargate = IsFargate(job);
        w.WriteStartObject("container");
        w.WriteString("image", definition.Image);
        w.WriteStartArray("command");
        foreach (var part in definition.Command)
        {
            w.WriteStringValue(part);
        }

        w.WriteEndArray();
        w.WriteString("jobRoleArn", $"arn:aws:iam::{account}:role/{definition.Name}-job-role");
        w.WriteString("executionRoleArn", $"arn:aws:iam::{account}:role/BatchEcsTaskExecutionRole");
        w.WriteStartArray("volumes");
        w.WriteEndArray();
        w.WriteStartArray("environment");
        w.WriteEndArray();
        w.WriteStartArray("mountPoints");
        w.WriteEndArray();
        w.WriteStartArray("ulimits");
        w.WriteEndArray();
        if (shown is not null)
        {
            if (terminal)
            {
                w.WriteNumber("exitCode", shown.ExitCode);
                if (shown.ContainerReason is not null)
                {
                    w.WriteString("reason", shown.ContainerReason);
                }
            }

            if (shown.ContainerInstanceArn is not null)
            {
                w.WriteString("containerInstanceArn", shown.ContainerInstanceArn);
            }

            w.WriteString("taskArn", shown.TaskArn);
            w.WriteString("logStreamName", shown.LogStreamName);
            WriteNetworkInterfaces(w, shown);
        }
        else
        {
            w.WriteStartArray("networkInterfaces");
            w.WriteEndArray();
        }

        w.WriteStartArray("resourceRequirements");
        w.WriteStartObject();
        w.WriteString("value", definition.Vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("type", "VCPU");
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("value", definition.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("type", "MEMORY");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("secrets");
        w.WriteEndArray();
        if (fargate)
        {
            w.WriteStartObject("networkConfiguration");
            w.WriteString("assignPublicIp", "DISABLED");
            w.WriteEndObject();
            w.WriteStartObject("fargatePlatformConfiguration");
            w.WriteString("platformVersion", "LATEST");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteArrayProperties(Utf8JsonWriter w, SimJob job)
    {
        if (job.ArrayIndex is { } index)
        {
            w.WriteStartObject("arrayProperties");
            w.WriteNumber("index", index);
            w.WriteEndObject();
            return;
        }

        if (!job.IsArrayParent)
        {
            return;
        }

        var open = job.ArraySize - job.ChildrenSucceeded - job.ChildrenFailed;
        w.WriteStartObject("arrayProperties");
        w.WriteStartObject("statusSummary");
        w.WriteNumber("STARTING", 0);
        w.WriteNumber("FAILED", job.ChildrenFailed);
        w.WriteNumber("RUNNING", Math.Min(open, job.ChildrenRunning));
        w.WriteNumber("SUCCEEDED", job.ChildrenSucceeded);
        w.WriteNumber("RUNNABLE", 0);
        w.WriteNumber("SUBMITTED", 0);
        w.WriteNumber("PENDING", open - Math.Min(open, job.ChildrenRunning));
        w.WriteEndObject();
        w.WriteNumber("size", job.ArraySize);
        w.WriteEndObject();
    }
}
