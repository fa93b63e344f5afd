namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>A managed compute environment: EC2 (a set of instance types, bounded instance count) or Fargate (bounded concurrent tasks).</summary>
internal sealed record ComputeEnvironmentSpec(
    string Name,
    string ClusterName,
    bool IsFargate,
    bool IsSpot,
    IReadOnlyList<InstanceTypeSpec> InstanceTypes,
    int MaxInstances,
    int MaxFargateTasks);
