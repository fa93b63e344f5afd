namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>One attempt of a job: one ECS task, decided in full when it is placed.</summary>
internal sealed class SimAttempt
{
    public required ComputeEnvironmentState Environment { get; init; }

    /// <summary>Null for Fargate tasks.</summary>
    public required SimInstance? Instance { get; init; }

    public required string TaskId { get; init; }

    public required string TaskArn { get; init; }

    public required string AvailabilityZone { get; init; }

    public required string LogStreamName { get; init; }

    public required string PrivateIp { get; init; }

    public required long StartingSecond { get; init; }

    public required int StartingDelaySeconds { get; init; }

    public required int RunSeconds { get; init; }

    public required int ExitCode { get; init; }

    /// <summary>The container's reason, e.g. the OutOfMemoryError text; null for ordinary exits.</summary>
    public required string? ContainerReason { get; init; }

    public long StartedAtMs { get; set; }

    public long StoppedAtMs { get; set; }

    /// <summary>Version of the ECS task, incremented on each task event as ECS does.</summary>
    public int TaskVersion { get; set; }

    public string? ContainerInstanceArn => Instance?.ContainerInstanceArn;

    public bool Succeeded => ExitCode == 0;

    public const string EssentialContainerExited = "Essential container in task exited";
}
