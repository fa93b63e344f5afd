using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>The EC2 instance identity document the ECS agent sends with RegisterContainerInstance.</summary>
public sealed class InstanceIdentityDocument
{
    [JsonPropertyName("instanceId")] public string? InstanceId { get; set; }
    [JsonPropertyName("instanceType")] public string? InstanceType { get; set; }
    [JsonPropertyName("availabilityZone")] public string? AvailabilityZone { get; set; }
    [JsonPropertyName("architecture")] public string? Architecture { get; set; }
    [JsonPropertyName("imageId")] public string? ImageId { get; set; }
}
