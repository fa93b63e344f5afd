using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>
/// The order-independent merge of instance observations: descriptive fields keep the first non-empty value
/// (they never change for one registration), times take min/max, so duplicates and any arrival order converge.
/// </summary>
public static class InstanceRegistry
{
    public static InstanceRecord Merge(InstanceRecord? current, InstanceObservation observation)
    {
        var record = current ?? new InstanceRecord { ContainerInstanceArn = observation.ContainerInstanceArn };
        record.Ec2InstanceId ??= observation.Ec2InstanceId;
        record.InstanceType ??= observation.InstanceType;
        record.AvailabilityZone ??= observation.AvailabilityZone;
        record.Architecture ??= observation.Architecture ?? InstanceArchitecture.FromInstanceType(observation.InstanceType);
        record.AmiId ??= observation.AmiId;
        record.ClusterName ??= observation.ClusterName ?? BatchNames.ClusterFromResourceArn(observation.ContainerInstanceArn);
        record.ComputeEnvironment ??= BatchNames.ComputeEnvironmentFromCluster(record.ClusterName);
        record.RegisteredVcpus ??= observation.RegisteredVcpus;
        record.RegisteredMemoryMiB ??= observation.RegisteredMemoryMiB;
        record.RegisteredAt = Min(record.RegisteredAt, observation.RegisteredAt);
        record.DeregisteredAt = Max(record.DeregisteredAt, observation.DeregisteredAt);
        return record;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
