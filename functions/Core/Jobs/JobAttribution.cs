using BatchRuntimeMonitor.Core.Instances;

namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>
/// Fills an attempt's instance fields from the registry when the instance registered after the job's events
/// were processed (the join gave up waiting): the ledger then ends correct whatever the arrival order.
/// </summary>
public static class JobAttribution
{
    /// <returns>True when any attempt changed.</returns>
    public static bool Backfill(JobRecord job, Func<string, InstanceRecord?> findInstance)
    {
        var changed = false;
        foreach (var attempt in job.Attempts)
        {
            if (attempt.ContainerInstanceArn is not { } arn || (attempt.InstanceType is not null && attempt.Architecture is not null && attempt.InstanceId is not null))
            {
                continue;
            }

            if (findInstance(arn) is not { } instance)
            {
                continue;
            }

            attempt.InstanceId ??= instance.Ec2InstanceId;
            attempt.InstanceType ??= instance.InstanceType;
            attempt.AvailabilityZone ??= instance.AvailabilityZone;
            attempt.Architecture ??= instance.Architecture;
            job.ComputeEnvironment ??= instance.ComputeEnvironment;
            changed = true;
        }

        return changed;
    }
}
