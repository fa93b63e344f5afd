using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>The EC2 instance identity document the ECS agent sends with RegisterContainerInstance.</summary>
public sealed class InstanceIdentityDocument
{
    [JsonPropertyName("instanceId")] public string? InstanceId { get; init; }
    [JsonPropertyName("instanceType")] public string? InstanceType { get; init; }
    [JsonPropertyName("availabilityZone")] public string? AvailabilityZone { get; init; }
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("imageId")] public string? ImageId { get; init; }
}
