using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// "ECS Container Instance State Change" detail, and also the shape of a CloudTrail
/// RegisterContainerInstance response's containerInstance (the same ECS ContainerInstance type).
/// </summary>
public sealed class EcsContainerInstanceDetail
{
    [JsonPropertyName("clusterArn")] public string? ClusterArn { get; set; }
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; set; }
    [JsonPropertyName("ec2InstanceId")] public string? Ec2InstanceId { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("attributes")] public IReadOnlyList<NameValue>? Attributes { get; set; }
    [JsonPropertyName("registeredResources")] public IReadOnlyList<EcsResource>? RegisteredResources { get; set; }
    [JsonPropertyName("registeredAt")] public DateTimeOffset? RegisteredAt { get; set; }
    [JsonPropertyName("updatedAt")] public DateTimeOffset? UpdatedAt { get; set; }
    [JsonPropertyName("version")] public long? Version { get; set; }
}

public sealed class EcsResource
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("integerValue")] public long? IntegerValue { get; set; }
}
