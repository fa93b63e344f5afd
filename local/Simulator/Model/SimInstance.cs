namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>One EC2 instance of a compute environment, from launch to deregistration, with its free resources.</summary>
internal sealed class SimInstance
{
    public required ComputeEnvironmentState Environment { get; init; }

    public required InstanceTypeSpec Type { get; init; }

    public required string AvailabilityZone { get; init; }

    public required string Ec2InstanceId { get; init; }

    public required string ContainerInstanceArn { get; init; }

    public required string PrivateIp { get; init; }

    /// <summary>The definition (index in the environment) whose waiting jobs this launch was for, and how many of them fit.</summary>
    public required int LaunchedFor { get; init; }

    public required int LaunchedSlots { get; init; }

    public int FreeVcpus { get; set; }

    public int FreeMemoryMiB { get; set; }

    public int RunningTasks { get; set; }

    /// <summary>Bumped whenever the instance takes work, so a scheduled idle check knows it is stale.</summary>
    public long BusyEpoch { get; set; }

    public bool Registered { get; set; }

    public bool Draining { get; set; }

    public long RegisteredAtMs { get; set; }

    /// <summary>ECS container instance version, incremented on each state change event.</summary>
    public int Version { get; set; }

    public bool Fits(JobDefinitionSpec definition) => FreeVcpus >= definition.Vcpus && FreeMemoryMiB >= definition.MemoryMiB;
}
