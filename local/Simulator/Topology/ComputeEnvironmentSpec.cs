namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// A managed compute environment: EC2 (a set of instance types) or Fargate, bounded as Batch bounds it by
/// maxvCpus (instances launched and booting count for EC2, vCPUs of running tasks for Fargate).
/// </summary>
internal sealed record ComputeEnvironmentSpec(
    string Name,
    string ClusterName,
    bool IsFargate,
    bool IsSpot,
    IReadOnlyList<InstanceTypeSpec> InstanceTypes,
    int MaxVcpus)
{
    /// <summary>The Auto Scaling group's maxSize: as many of the smallest type as maxvCpus allows.</summary>
    public int MaxInstances => IsFargate ? 0 : Math.Max(1, MaxVcpus / InstanceTypes.Min(t => t.Vcpus));
}
