namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>What one event says about one job; null means "this event does not say".</summary>
public sealed record JobObservation(string JobId)
{
    public string? JobName { get; init; }
    public string? JobQueue { get; init; }
    public string? JobDefinition { get; init; }
    public string? ComputeEnvironment { get; init; }
    public string? Platform { get; init; }
    public string? ParentJobId { get; init; }
    public int? ArrayIndex { get; init; }
    public int? ArraySize { get; init; }
    public int? NodeIndex { get; init; }
    public long? CreatedAt { get; init; }

    /// <summary>The event's own time (EventBridge envelope or CloudTrail eventTime), epoch ms.</summary>
    public long? ObservedAt { get; init; }
    public string? Status { get; init; }
    public long? StatusAt { get; init; }
    public string? StatusReason { get; init; }
    public IReadOnlyList<AttemptObservation> Attempts { get; init; } = [];
    public IReadOnlyList<JobDependency> DependsOn { get; init; } = [];
}

/// <summary>What one event says about one attempt; matched to the ledger's attempts by task ARN.</summary>
public sealed record AttemptObservation(string Key)
{
    public string? TaskArn { get; init; }
    public string? ContainerInstanceArn { get; init; }
    public string? LogStreamName { get; init; }
    public int? ExitCode { get; init; }
    public string? StatusReason { get; init; }
    public string? ContainerReason { get; init; }
    public long? StartedAt { get; init; }
    public long? StoppedAt { get; init; }
    public string? InstanceId { get; init; }
    public string? InstanceType { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? Architecture { get; init; }
}
