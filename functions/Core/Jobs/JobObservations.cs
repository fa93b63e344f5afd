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

    /// <param name="time">The EventBridge event's time: when the status was seen.</param>
    /// <param name="joined">The instance the state machine joined on, if any (attributed to the attempt running on it).</param>
    /// <remarks>Plain loops and one object per attempt: this runs for every Batch job event (docs/performance.md).</remarks>
    public static JobObservation FromJobEvent(BatchJobDetail detail, DateTimeOffset? time, InstanceRecord? joined)
    {
        var jobId = detail.JobId ?? throw new RecordRejectedException("Batch job event has no jobId");
        var (parent, childIndex, nodeIndex) = BatchNames.SplitChildJobId(jobId);
        var isFargate = IsFargate(detail.PlatformCapabilities);
        var fargateArchitecture = InstanceArchitecture.Normalise(detail.Container?.RuntimePlatform?.CpuArchitecture) ?? InstanceArchitecture.X86;

        // The job-level container (or first ecsProperties task) is the current attempt; it has a task from STARTING on.
        var currentTask = detail.EcsProperties?.TaskProperties is { Count: > 0 } current ? current[0] : null;
        var currentTaskArn = detail.Container?.TaskArn ?? currentTask?.TaskArn;
        var history = detail.Attempts?.Count ?? 0;
        var attempts = history == 0 && currentTaskArn is null ? [] : new AttemptObservation[history + (currentTaskArn is null ? 0 : 1)];
        for (var i = 0; i < history; i++)
        {
            var attempt = detail.Attempts![i];
            var task = attempt.TaskProperties is { Count: > 0 } tasks ? tasks[0] : null;
            attempts[i] = Attempt(
                i,
                attempt.Container?.TaskArn ?? task?.TaskArn,
                attempt.Container?.ContainerInstanceArn ?? task?.ContainerInstanceArn,
                attempt.Container is { } container ? ContainerFacts.Of(container) : FirstContainer(task),
                new AttemptTimes(attempt.StartedAt, attempt.StoppedAt, attempt.StatusReason),
                joined,
                isFargate,
                fargateArchitecture);
        }

        if (currentTaskArn is not null)
        {
            attempts[history] = Attempt(
                -1,
                currentTaskArn,
                detail.Container?.ContainerInstanceArn ?? currentTask?.ContainerInstanceArn,
                detail.Container?.LogStreamName is null && currentTask is not null ? FirstContainer(currentTask) : ContainerFacts.Of(detail.Container),
                new AttemptTimes(detail.StartedAt, detail.StoppedAt, null),
                joined,
                isFargate,
                fargateArchitecture);
        }

        string? clusterCe = null;
        var onInstance = false;
        foreach (var attempt in attempts)
        {
            clusterCe ??= BatchNames.ComputeEnvironmentFromResourceArn(attempt.ContainerInstanceArn ?? attempt.TaskArn);
            onInstance |= attempt.ContainerInstanceArn is not null;
        }

        return new JobObservation(jobId)
        {
            JobName = detail.JobName,
            JobQueue = BatchNames.SharedNameFromArn(detail.JobQueue),
            JobDefinition = BatchNames.SharedNameFromArn(detail.JobDefinition), // JobDefinitionWithRevision
            ComputeEnvironment = clusterCe ?? joined?.ComputeEnvironment,
            Platform = isFargate ? Fargate : onInstance ? Ec2 : null,
            ParentJobId = parent,
            ArrayIndex = detail.ArrayProperties?.Index ?? childIndex,
            ArraySize = detail.ArrayProperties?.Index is null ? detail.ArrayProperties?.Size : null,
            NodeIndex = detail.NodeDetails?.NodeIndex ?? nodeIndex,
            CreatedAt = detail.CreatedAt,
            Status = detail.Status,
            StatusAt = time?.ToUnixTimeMilliseconds(),
            ObservedAt = time?.ToUnixTimeMilliseconds(),
            StatusReason = detail.StatusReason,
            Attempts = attempts,
            DependsOn = Dependencies(detail.DependsOn),
        };
    }

    /// <summary>
    /// An ECS task Batch started: the job id is in the container overrides' AWS_BATCH_JOB_ID. Null when the task
    /// is not a Batch job's (the caller counts it as ignored).
    /// </summary>
    /// <param name="time">The EventBridge event's time: when the task was seen.</param>
    public static JobObservation? FromTaskEvent(EcsTaskDetail detail, DateTimeOffset? time, InstanceRecord? joined)
    {
        // Indexed loops and no LINQ: this runs for every ECS task event, and foreach over the IReadOnlyList members
        // boxes an enumerator per list.
        string? jobId = null, queue = null, computeEnvironment = null;
        var overrides = detail.Overrides?.ContainerOverrides ?? [];
        for (var c = 0; c < overrides.Count; c++)
        {
            var environment = overrides[c].Environment ?? [];
            for (var v = 0; v < environment.Count; v++)
            {
                var variable = environment[v];
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
        var placement = Placement.Of(detail.ContainerInstanceArn, detail.AvailabilityZone ?? joined?.AvailabilityZone, joined, isFargate, InstanceArchitecture.X86);
        var attempt = new AttemptObservation(detail.TaskArn)
        {
            TaskArn = detail.TaskArn,
            ContainerInstanceArn = detail.ContainerInstanceArn,
            StartedAt = detail.StartedAt?.ToUnixTimeMilliseconds(),
            StoppedAt = detail.StoppedAt?.ToUnixTimeMilliseconds(),
            // The same rule as the Batch event's multi-container attempts (FirstContainer): the first non-zero exit code,
            // else the first reported; otherwise the ledger would keep whichever event arrived first.
            ExitCode = stopped ? TaskExitCode(detail.Containers) : null,
            InstanceId = placement.InstanceId,
            InstanceType = placement.InstanceType,
            AvailabilityZone = placement.AvailabilityZone,
            Architecture = placement.Architecture,
        };
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
            ObservedAt = time?.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>CloudTrail SubmitJob: gives SUBMITTED, which has no Batch event. Null for a failed call (no job was made).</summary>
    public static JobObservation? FromSubmitJobCall(SubmitJobCallRecord record)
    {
        var call = record.Detail;
        if (call.ErrorCode is not null || call.JobId is not { } jobId)
        {
            return null;
        }

        return new JobObservation(jobId)
        {
            JobName = call.ResponseJobName ?? call.RequestJobName,
            JobQueue = BatchNames.NameFromArn(call.JobQueue),
            JobDefinition = BatchNames.JobDefinitionWithRevision(call.JobDefinition),
            ArraySize = call.ArraySize,
            Status = JobStatus.Submitted,
            StatusAt = (call.EventTime ?? record.Time)?.ToUnixTimeMilliseconds(),
            DependsOn = call.DependsOn,
        };
    }

    private static AttemptObservation Attempt(int index, string? taskArn, string? containerInstanceArn, ContainerFacts container, AttemptTimes times, InstanceRecord? joined, bool isFargate, string? fargateArchitecture)
    {
        var placement = Placement.Of(containerInstanceArn, null, joined, isFargate, fargateArchitecture);
        return new AttemptObservation(taskArn ?? $"#{index}")
        {
            TaskArn = taskArn,
            ContainerInstanceArn = containerInstanceArn,
            LogStreamName = container.LogStreamName,
            ExitCode = container.ExitCode,
            ContainerReason = container.Reason,
            StartedAt = times.StartedAt,
            StoppedAt = times.StoppedAt,
            StatusReason = times.StatusReason,
            InstanceId = placement.InstanceId,
            InstanceType = placement.InstanceType,
            AvailabilityZone = placement.AvailabilityZone,
            Architecture = placement.Architecture,
        };
    }

    /// <summary>Only the attempt that ran on the joined instance gets its attributes; Fargate attempts say FARGATE.</summary>
    private readonly record struct Placement(string? InstanceId, string? InstanceType, string? AvailabilityZone, string? Architecture)
    {
        /// <param name="availabilityZone">The zone the event itself gives, if any: it wins over the joined instance's.</param>
        public static Placement Of(string? containerInstanceArn, string? availabilityZone, InstanceRecord? joined, bool isFargate, string? fargateArchitecture)
        {
            if (isFargate)
            {
                return new(Fargate, Fargate, availabilityZone, fargateArchitecture);
            }

            if (joined is null || containerInstanceArn != joined.ContainerInstanceArn)
            {
                return new(null, null, availabilityZone, null);
            }

            return new(joined.Ec2InstanceId, joined.InstanceType, availabilityZone ?? joined.AvailabilityZone, joined.Architecture);
        }
    }

    /// <summary>An attempt's times and reason: the attempt entry's, or the job's for the current attempt (no reason).</summary>
    private readonly record struct AttemptTimes(long? StartedAt, long? StoppedAt, string? StatusReason);

    /// <summary>What an attempt takes from its container (or, multi-container, from the containers of its task).</summary>
    private readonly record struct ContainerFacts(string? LogStreamName, int? ExitCode, string? Reason)
    {
        public static ContainerFacts Of(BatchContainer? container) => new(container?.LogStreamName, container?.ExitCode, container?.Reason);
    }

    private static ContainerFacts FirstContainer(BatchTaskProperties? task)
    {
        if (task?.Containers is not { Count: > 0 } containers)
        {
            return default;
        }

        // Multi-container jobs: the log stream of the first container that has one, the first exit code reported
        // (the first non-zero one if any).
        BatchContainer? withLog = null, nonZeroExit = null, anyExit = null;
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            withLog ??= container.LogStreamName is not null ? container : null;
            nonZeroExit ??= container.ExitCode is not null && container.ExitCode != 0 ? container : null;
            anyExit ??= container.ExitCode is not null ? container : null;
        }

        withLog ??= containers[0];
        var exit = nonZeroExit ?? anyExit;
        return new ContainerFacts(withLog.LogStreamName, exit?.ExitCode, exit?.Reason ?? withLog.Reason);
    }

    /// <summary>The first non-zero exit code of the task's containers, else the first reported one.</summary>
    private static int? TaskExitCode(IReadOnlyList<EcsTaskContainer>? containers)
    {
        int? first = null;
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            if (containers![i].ExitCode is { } code)
            {
                if (code != 0)
                {
                    return code;
                }

                first ??= code;
            }
        }

        return first;
    }

    private static bool IsFargate(IReadOnlyList<string>? platformCapabilities)
    {
        for (var i = 0; i < (platformCapabilities?.Count ?? 0); i++)
        {
            if (platformCapabilities![i] == Fargate)
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<JobDependency> Dependencies(IReadOnlyList<BatchDependency>? dependsOn)
    {
        List<JobDependency>? dependencies = null;
        for (var i = 0; i < (dependsOn?.Count ?? 0); i++)
        {
            if (dependsOn![i].JobId is { } jobId)
            {
                (dependencies ??= new List<JobDependency>(dependsOn.Count)).Add(new JobDependency(jobId, dependsOn[i].Type));
            }
        }

        return dependencies ?? (IReadOnlyList<JobDependency>)[];
    }
}
