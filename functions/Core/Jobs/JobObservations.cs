using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>Reads job observations out of Batch job events, ECS task events and SubmitJob calls.</summary>
public static class JobObservations
{
    public const string Fargate = "FARGATE";
    public const string Ec2 = "EC2";

    /// <param name="joined">The instance the state machine joined on, if any (attributed to the attempt running on it).</param>
    public static JobObservation FromJobEvent(EventBridgeEvent<BatchJobDetail> @event, InstanceRecord? joined)
    {
        var detail = @event.Detail!;
        var jobId = detail.JobId ?? throw new RecordRejectedException("Batch job event has no jobId");
        var (parent, childIndex, nodeIndex) = BatchNames.SplitChildJobId(jobId);
        var isFargate = detail.PlatformCapabilities?.Contains(Fargate) == true;
        var fargateArchitecture = InstanceArchitecture.Normalise(detail.Container?.RuntimePlatform?.CpuArchitecture) ?? InstanceArchitecture.X86;

        var attempts = new List<AttemptObservation>();
        for (var i = 0; i < (detail.Attempts?.Count ?? 0); i++)
        {
            var attempt = detail.Attempts![i];
            var task = attempt.TaskProperties is { Count: > 0 } tasks ? tasks[0] : null;
            attempts.Add(Attempt(
                i,
                attempt.Container?.TaskArn ?? task?.TaskArn,
                attempt.Container?.ContainerInstanceArn ?? task?.ContainerInstanceArn,
                attempt.Container ?? FirstContainer(task),
                joined,
                isFargate,
                fargateArchitecture) with { StartedAt = attempt.StartedAt, StoppedAt = attempt.StoppedAt, StatusReason = attempt.StatusReason });
        }

        // The job-level container (or first ecsProperties task) is the current attempt; it has a task from STARTING on.
        var currentTask = detail.EcsProperties?.TaskProperties is { Count: > 0 } current ? current[0] : null;
        var currentTaskArn = detail.Container?.TaskArn ?? currentTask?.TaskArn;
        if (currentTaskArn is not null)
        {
            attempts.Add(Attempt(
                -1,
                currentTaskArn,
                detail.Container?.ContainerInstanceArn ?? currentTask?.ContainerInstanceArn,
                detail.Container?.LogStreamName is null && currentTask is not null ? FirstContainer(currentTask) : detail.Container,
                joined,
                isFargate,
                fargateArchitecture) with { StartedAt = detail.StartedAt, StoppedAt = detail.StoppedAt });
        }

        var clusterCe = attempts.Select(a => BatchNames.ComputeEnvironmentFromCluster(BatchNames.ClusterFromResourceArn(a.ContainerInstanceArn ?? a.TaskArn)))
            .FirstOrDefault(ce => ce is not null);

        return new JobObservation(jobId)
        {
            JobName = detail.JobName,
            JobQueue = BatchNames.NameFromArn(detail.JobQueue),
            JobDefinition = BatchNames.JobDefinitionWithRevision(detail.JobDefinition),
            ComputeEnvironment = clusterCe ?? joined?.ComputeEnvironment,
            Platform = isFargate ? Fargate : attempts.Any(a => a.ContainerInstanceArn is not null) ? Ec2 : null,
            ParentJobId = parent,
            ArrayIndex = detail.ArrayProperties?.Index ?? childIndex,
            ArraySize = detail.ArrayProperties?.Index is null ? detail.ArrayProperties?.Size : null,
            NodeIndex = detail.NodeDetails?.NodeIndex ?? nodeIndex,
            CreatedAt = detail.CreatedAt,
            Status = detail.Status,
            StatusAt = @event.Time?.ToUnixTimeMilliseconds(),
            ObservedAt = @event.Time?.ToUnixTimeMilliseconds(),
            StatusReason = detail.StatusReason,
            Attempts = attempts,
            DependsOn = detail.DependsOn?.Where(d => d.JobId is not null).Select(d => new JobDependency(d.JobId!, d.Type)).ToList() ?? [],
        };
    }

    /// <summary>
    /// An ECS task Batch started: the job id is in the container overrides' AWS_BATCH_JOB_ID. Null when the task
    /// is not a Batch job's (the caller counts it as ignored).
    /// </summary>
    public static JobObservation? FromTaskEvent(EventBridgeEvent<EcsTaskDetail> @event, InstanceRecord? joined)
    {
        var detail = @event.Detail!;
        string? jobId = null, queue = null, computeEnvironment = null;
        foreach (var container in detail.Overrides?.ContainerOverrides ?? [])
        {
            foreach (var variable in container.Environment ?? [])
            {
                switch (variable.Name)
                {
                    case "AWS_BATCH_JOB_ID": jobId ??= variable.Value; break;
                    case "AWS_BATCH_JQ_NAME": queue ??= variable.Value; break;
                    case "AWS_BATCH_CE_NAME": computeEnvironment ??= variable.Value; break;
                }
            }
        }

        if (jobId is null || detail.TaskArn is null)
        {
            return null;
        }

        var isFargate = detail.LaunchType == Fargate;
        var stopped = detail.LastStatus == "STOPPED";
        var attempt = new AttemptObservation(detail.TaskArn)
        {
            TaskArn = detail.TaskArn,
            ContainerInstanceArn = detail.ContainerInstanceArn,
            StartedAt = detail.StartedAt?.ToUnixTimeMilliseconds(),
            StoppedAt = detail.StoppedAt?.ToUnixTimeMilliseconds(),
            // The same rule as the Batch event's multi-container attempts (FirstContainer): the first non-zero exit code,
            // else the first reported; otherwise the ledger would keep whichever event arrived first.
            ExitCode = stopped ? (detail.Containers?.FirstOrDefault(c => c.ExitCode is not null and not 0) ?? detail.Containers?.FirstOrDefault(c => c.ExitCode is not null))?.ExitCode : null,
            AvailabilityZone = detail.AvailabilityZone ?? joined?.AvailabilityZone,
        };
        attempt = Attribute(attempt, joined, isFargate, InstanceArchitecture.X86);
        var (parent, childIndex, nodeIndex) = BatchNames.SplitChildJobId(jobId);
        return new JobObservation(jobId)
        {
            JobQueue = BatchNames.NameFromArn(queue),
            ComputeEnvironment = computeEnvironment ?? BatchNames.ComputeEnvironmentFromCluster(detail.ClusterArn) ?? joined?.ComputeEnvironment,
            Platform = isFargate ? Fargate : Ec2,
            ParentJobId = parent,
            ArrayIndex = childIndex,
            NodeIndex = nodeIndex,
            Attempts = [attempt],
            ObservedAt = @event.Time?.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>CloudTrail SubmitJob: gives SUBMITTED, which has no Batch event. Null for a failed call (no job was made).</summary>
    public static JobObservation? FromSubmitJobCall(EventBridgeEvent<CloudTrailRecord> @event)
    {
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

    private static AttemptObservation Attempt(int index, string? taskArn, string? containerInstanceArn, BatchContainer? container, InstanceRecord? joined, bool isFargate, string? fargateArchitecture)
    {
        var attempt = new AttemptObservation(taskArn ?? $"#{index}")
        {
            TaskArn = taskArn,
            ContainerInstanceArn = containerInstanceArn,
            LogStreamName = container?.LogStreamName,
            ExitCode = container?.ExitCode,
            ContainerReason = container?.Reason,
        };
        return Attribute(attempt, joined, isFargate, fargateArchitecture);
    }

    /// <summary>Only the attempt that ran on the joined instance gets its attributes; Fargate attempts say FARGATE.</summary>
    private static AttemptObservation Attribute(AttemptObservation attempt, InstanceRecord? joined, bool isFargate, string? fargateArchitecture)
    {
        if (isFargate)
        {
            return attempt with { InstanceId = Fargate, InstanceType = Fargate, Architecture = fargateArchitecture };
        }

        if (joined is null || attempt.ContainerInstanceArn != joined.ContainerInstanceArn)
        {
            return attempt;
        }

        return attempt with
        {
            InstanceId = joined.Ec2InstanceId,
            InstanceType = joined.InstanceType,
            AvailabilityZone = attempt.AvailabilityZone ?? joined.AvailabilityZone,
            Architecture = joined.Architecture,
        };
    }

    private static BatchContainer? FirstContainer(BatchTaskProperties? task)
    {
        if (task?.Containers is not { Count: > 0 } containers)
        {
            return null;
        }

        // Multi-container jobs: the log stream of the first container that has one, the first exit code reported.
        var withLog = containers.FirstOrDefault(c => c.LogStreamName is not null) ?? containers[0];
        var exit = containers.FirstOrDefault(c => c.ExitCode is not null && c.ExitCode != 0) ?? containers.FirstOrDefault(c => c.ExitCode is not null);
        return new BatchContainer { LogStreamName = withLog.LogStreamName, ExitCode = exit?.ExitCode, Reason = exit?.Reason ?? withLog.Reason };
    }
}
