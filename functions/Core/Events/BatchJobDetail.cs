using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// "Batch Job State Change" and "Batch Job Queue Blocked" detail. Only the fields the monitor uses are modelled;
/// everything else (environment, command, volumes...) is skipped by the deserializer without allocation.
/// </summary>
public sealed class BatchJobDetail
{
    [JsonPropertyName("jobArn")] public string? JobArn { get; init; }
    [JsonPropertyName("jobName")] public string? JobName { get; init; }
    [JsonPropertyName("jobId")] public string? JobId { get; init; }
    [JsonPropertyName("jobQueue")] public string? JobQueue { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("statusReason")] public string? StatusReason { get; init; }
    [JsonPropertyName("attempts")] public IReadOnlyList<BatchAttempt>? Attempts { get; init; }
    [JsonPropertyName("createdAt")] public long? CreatedAt { get; init; }
    [JsonPropertyName("startedAt")] public long? StartedAt { get; init; }
    [JsonPropertyName("stoppedAt")] public long? StoppedAt { get; init; }
    [JsonPropertyName("dependsOn")] public IReadOnlyList<BatchDependency>? DependsOn { get; init; }
    [JsonPropertyName("jobDefinition")] public string? JobDefinition { get; init; }
    [JsonPropertyName("container")] public BatchContainer? Container { get; init; }
    [JsonPropertyName("ecsProperties")] public BatchEcsProperties? EcsProperties { get; init; }
    [JsonPropertyName("arrayProperties")] public BatchArrayProperties? ArrayProperties { get; init; }
    [JsonPropertyName("nodeDetails")] public BatchNodeDetails? NodeDetails { get; init; }
    [JsonPropertyName("platformCapabilities")] public IReadOnlyList<string>? PlatformCapabilities { get; init; }
}

public sealed class BatchAttempt
{
    [JsonPropertyName("container")] public BatchContainer? Container { get; init; }
    [JsonPropertyName("taskProperties")] public IReadOnlyList<BatchTaskProperties>? TaskProperties { get; init; }
    [JsonPropertyName("startedAt")] public long? StartedAt { get; init; }
    [JsonPropertyName("stoppedAt")] public long? StoppedAt { get; init; }
    [JsonPropertyName("statusReason")] public string? StatusReason { get; init; }
}

/// <summary>Used both for the job's "container" and for an attempt's "container".</summary>
public sealed class BatchContainer
{
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; init; }
    [JsonPropertyName("taskArn")] public string? TaskArn { get; init; }
    [JsonPropertyName("logStreamName")] public string? LogStreamName { get; init; }
    [JsonPropertyName("exitCode")] public int? ExitCode { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("runtimePlatform")] public BatchRuntimePlatform? RuntimePlatform { get; init; }
}

/// <summary>Fargate jobs say their CPU architecture here (X86_64 when absent, the Fargate default).</summary>
public sealed class BatchRuntimePlatform
{
    [JsonPropertyName("cpuArchitecture")] public string? CpuArchitecture { get; init; }
}

/// <summary>Multi-container (ecsProperties) jobs put the task data here instead of "container".</summary>
public sealed class BatchEcsProperties
{
    [JsonPropertyName("taskProperties")] public IReadOnlyList<BatchTaskProperties>? TaskProperties { get; init; }
}

public sealed class BatchTaskProperties
{
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; init; }
    [JsonPropertyName("taskArn")] public string? TaskArn { get; init; }
    [JsonPropertyName("containers")] public IReadOnlyList<BatchContainer>? Containers { get; init; }
}

public sealed class BatchDependency
{
    [JsonPropertyName("jobId")] public string? JobId { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
}

public sealed class BatchArrayProperties
{
    [JsonPropertyName("size")] public int? Size { get; init; }
    [JsonPropertyName("index")] public int? Index { get; init; }
}

public sealed class BatchNodeDetails
{
    [JsonPropertyName("nodeIndex")] public int? NodeIndex { get; init; }
    [JsonPropertyName("isMainNode")] public bool? IsMainNode { get; init; }
}
