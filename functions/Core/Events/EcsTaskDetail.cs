using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>"ECS Task State Change" detail. ECS times are ISO strings, unlike Batch's epoch milliseconds.</summary>
public sealed class EcsTaskDetail
{
    [JsonPropertyName("clusterArn")] public string? ClusterArn { get; set; }
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; set; }
    [JsonPropertyName("taskArn")] public string? TaskArn { get; set; }
    [JsonPropertyName("lastStatus")] public string? LastStatus { get; set; }
    [JsonPropertyName("desiredStatus")] public string? DesiredStatus { get; set; }
    [JsonPropertyName("availabilityZone")] public string? AvailabilityZone { get; set; }
    [JsonPropertyName("launchType")] public string? LaunchType { get; set; }
    [JsonPropertyName("startedBy")] public string? StartedBy { get; set; }
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; set; }
    [JsonPropertyName("startedAt")] public DateTimeOffset? StartedAt { get; set; }
    [JsonPropertyName("stoppedAt")] public DateTimeOffset? StoppedAt { get; set; }
    [JsonPropertyName("stoppedReason")] public string? StoppedReason { get; set; }
    [JsonPropertyName("overrides")] public EcsTaskOverrides? Overrides { get; set; }
    [JsonPropertyName("containers")] public IReadOnlyList<EcsTaskContainer>? Containers { get; set; }
    [JsonPropertyName("version")] public long? Version { get; set; }
}

public sealed class EcsTaskOverrides
{
    [JsonPropertyName("containerOverrides")] public IReadOnlyList<EcsContainerOverride>? ContainerOverrides { get; set; }
}

public sealed class EcsContainerOverride
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("environment")] public IReadOnlyList<NameValue>? Environment { get; set; }
}

public sealed class EcsTaskContainer
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("exitCode")] public int? ExitCode { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("lastStatus")] public string? LastStatus { get; set; }
}

public sealed class NameValue
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
}
