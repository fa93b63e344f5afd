using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// "Batch Job State Change" and "Batch Job Queue Blocked" detail. Only the fields the monitor uses are modelled;
/// everything else (environment, command, volumes...) is skipped by the deserializer without allocation.
/// </summary>
public sealed class BatchJobDetail
{
    [JsonPropertyName("jobArn")] public string? JobArn { get; set; }
    [JsonPropertyName("jobName")] public string? JobName { get; set; }
    [JsonPropertyName("jobId")] public string? JobId { get; set; }
    [JsonPropertyName("jobQueue")] public string? JobQueue { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("statusReason")] public string? StatusReason { get; set; }
    [JsonPropertyName("attempts")] public IReadOnlyList<BatchAttempt>? Attempts { get; set; }
    [JsonPropertyName("createdAt")] public long? CreatedAt { get; set; }
    [JsonPropertyName("startedAt")] public long? StartedAt { get; set; }
    [JsonPropertyName("stoppedAt")] public long? StoppedAt { get; set; }
    [JsonPropertyName("dependsOn")] public IReadOnlyList<BatchDependency>? DependsOn { get; set; }
    [JsonPropertyName("jobDefinition")] public string? JobDefinition { get; set; }
    [JsonPropertyName("container")] public BatchContainer? Container { get; set; }
    [JsonPropertyName("ecsProperties")] public BatchEcsProperties? EcsProperties { get; set; }
    [JsonPropertyName("arrayProperties")] public BatchArrayProperties? ArrayProperties { get; set; }
    [JsonPropertyName("nodeDetails")] public BatchNodeDetails? NodeDetails { get; set; }
    [JsonPropertyName("platformCapabilities")] public IReadOnlyList<string>? PlatformCapabilities { get; set; }
}

public sealed class BatchAttempt
{
    [JsonPropertyName("container")] public BatchContainer? Container { get; set; }
    [JsonPropertyName("taskProperties")] public IReadOnlyList<BatchTaskProperties>? TaskProperties { get; set; }
    [JsonPropertyName("startedAt")] public long? StartedAt { get; set; }
    [JsonPropertyName("stoppedAt")] public long? StoppedAt { get; set; }
    [JsonPropertyName("statusReason")] public string? StatusReason { get; set; }
}

/// <summary>Used both for the job's "container" and for an attempt's "container".</summary>
public sealed class BatchContainer
{
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; set; }
    [JsonPropertyName("taskArn")] public string? TaskArn { get; set; }
    [JsonPropertyName("logStreamName")] public string? LogStreamName { get; set; }
    [JsonPropertyName("exitCode")] public int? ExitCode { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("runtimePlatform")] public BatchRuntimePlatform? RuntimePlatform { get; set; }
}

/// <summary>Fargate jobs say their CPU architecture here (X86_64 when absent, the Fargate default).</summary>
public sealed class BatchRuntimePlatform
{
    [JsonPropertyName("cpuArchitecture")] public string? CpuArchitecture { get; set; }
}

/// <summary>Multi-container (ecsProperties) jobs put the task data here instead of "container".</summary>
public sealed class BatchEcsProperties
{
    [JsonPropertyName("taskProperties")] public IReadOnlyList<BatchTaskProperties>? TaskProperties { get; set; }
}

public sealed class BatchTaskProperties
{
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; set; }
    [JsonPropertyName("taskArn")] public string? TaskArn { get; set; }
    [JsonPropertyName("containers")] public IReadOnlyList<BatchContainer>? Containers { get; set; }
}

public sealed class BatchDependency
{
    [JsonPropertyName("jobId")] public string? JobId { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
}

public sealed class BatchArrayProperties
{
    [JsonPropertyName("size")] public int? Size { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
}

public sealed class BatchNodeDetails
{
    [JsonPropertyName("nodeIndex")] public int? NodeIndex { get; set; }
    [JsonPropertyName("isMainNode")] public bool? IsMainNode { get; set; }
}
