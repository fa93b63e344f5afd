using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// "ECS Container Instance State Change" detail, and also the shape of a CloudTrail
/// RegisterContainerInstance response's containerInstance (the same ECS ContainerInstance type).
/// </summary>
public sealed class EcsContainerInstanceDetail
{
    [JsonPropertyName("clusterArn")] public string? ClusterArn { get; init; }
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; init; }
    [JsonPropertyName("ec2InstanceId")] public string? Ec2InstanceId { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("attributes")] public IReadOnlyList<NameValue>? Attributes { get; init; }
    [JsonPropertyName("registeredResources")] public IReadOnlyList<EcsResource>? RegisteredResources { get; init; }
    [JsonPropertyName("registeredAt")] public DateTimeOffset? RegisteredAt { get; init; }
    [JsonPropertyName("updatedAt")] public DateTimeOffset? UpdatedAt { get; init; }
    [JsonPropertyName("version")] public long? Version { get; init; }
}

public sealed class EcsResource
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("integerValue")] public long? IntegerValue { get; init; }
}
