using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>"ECS Task State Change" detail. ECS times are ISO strings, unlike Batch's epoch milliseconds.</summary>
public sealed class EcsTaskDetail
{
    [JsonPropertyName("clusterArn")] public string? ClusterArn { get; init; }
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; init; }
    [JsonPropertyName("taskArn")] public string? TaskArn { get; init; }
    [JsonPropertyName("lastStatus")] public string? LastStatus { get; init; }
    [JsonPropertyName("desiredStatus")] public string? DesiredStatus { get; init; }
    [JsonPropertyName("availabilityZone")] public string? AvailabilityZone { get; init; }
    [JsonPropertyName("launchType")] public string? LaunchType { get; init; }
    [JsonPropertyName("startedBy")] public string? StartedBy { get; init; }
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("stoppedAt")] public DateTimeOffset? StoppedAt { get; init; }
    [JsonPropertyName("stoppedReason")] public string? StoppedReason { get; init; }
    [JsonPropertyName("overrides")] public EcsTaskOverrides? Overrides { get; init; }
    [JsonPropertyName("containers")] public IReadOnlyList<EcsTaskContainer>? Containers { get; init; }
    [JsonPropertyName("version")] public long? Version { get; init; }
}

public sealed class EcsTaskOverrides
{
    [JsonPropertyName("containerOverrides")] public IReadOnlyList<EcsContainerOverride>? ContainerOverrides { get; init; }
}

public sealed class EcsContainerOverride
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("environment")] public IReadOnlyList<NameValue>? Environment { get; init; }
}

public sealed class EcsTaskContainer
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("exitCode")] public int? ExitCode { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("lastStatus")] public string? LastStatus { get; init; }
}

public sealed class NameValue
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
}
