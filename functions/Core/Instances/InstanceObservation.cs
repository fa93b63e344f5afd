namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>What one event says about a container instance; null means "this event does not say".</summary>
public sealed record InstanceObservation(string ContainerInstanceArn)
{
    public string? Ec2InstanceId { get; init; }
    public string? InstanceType { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? Architecture { get; init; }
    public string? AmiId { get; init; }
    public string? ClusterName { get; init; }
    public double? RegisteredVcpus { get; init; }
    public long? RegisteredMemoryMiB { get; init; }
    public long? RegisteredAt { get; init; }
    public long? DeregisteredAt { get; init; }
}
