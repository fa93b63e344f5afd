using BatchRuntimeMonitor.Core.Instances;

namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>
/// Fills an attempt's instance fields from the registry when the instance registered after the job's events
/// were processed (the join gave up waiting): the ledger then ends correct whatever the arrival order.
/// </summary>
public static class JobAttribution
{
    /// <returns>
    /// True when any field changed: the caller writes (and counts) only then, so a repeated backfill is free.
    /// An instance that does not know its type yet (a placeholder) attributes nothing.
    /// </returns>
    public static bool Backfill(JobRecord job, Func<string, InstanceRecord?> findInstance)
    {
        var changed = false;
        foreach (var attempt in job.Attempts)
        {
            if (attempt.ContainerInstanceArn is not { } arn || (attempt.InstanceType is not null && attempt.Architecture is not null && attempt.InstanceId is not null))
            {
                continue;
            }

            if (findInstance(arn) is not { CanAttribute: true } instance)
            {
                continue;
            }

            changed |= Fill(attempt.InstanceId, instance.Ec2InstanceId, v => attempt.InstanceId = v);
            changed |= Fill(attempt.InstanceType, instance.InstanceType, v => attempt.InstanceType = v);
            changed |= Fill(attempt.AvailabilityZone, instance.AvailabilityZone, v => attempt.AvailabilityZone = v);
            changed |= Fill(attempt.Architecture, instance.Architecture, v => attempt.Architecture = v);
            changed |= Fill(job.ComputeEnvironment, instance.ComputeEnvironment, v => job.ComputeEnvironment = v);
        }

        return changed;
    }

    /// <summary>First non-empty value wins, as in the ledger merge.</summary>
    private static bool Fill(string? current, string? known, Action<string> set)
    {
        if (current is not null || known is null)
        {
            return false;
        }

        set(known);
        return true;
    }
}
