namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>What a job's writer found when it left its job id on an instance record.</summary>
public enum AwaitOutcome
{
    /// <summary>The record already names the instance type: attribute the job now, nothing is left waiting.</summary>
    Registered,

    /// <summary>The job id was already waiting (a duplicate or a later event of the same job): nothing written.</summary>
    AlreadyWaiting,

    Added,

    /// <summary>The list was full: the observation is counted in <see cref="InstanceRecord.AwaitingOverflow"/>, not kept.</summary>
    Overflowed,
}

/// <summary>
/// The pure merges behind <see cref="InstanceRecord.AwaitingJobs"/>. The list lives on the instance's own record so
/// that one conditional write orders it against the registration: a job id is only added while the record does not
/// name the instance type, so either the registration's write sees the id, or the job's writer re-reads the record
/// after losing the race and finds the type there.
/// </summary>
public static class AwaitingJobList
{
    /// <summary>
    /// Job ids kept per instance. A Batch job id is at most ~45 bytes, so a full list is ~45 KB: far below DynamoDB's
    /// 400 KB item, and small enough for the join's payload, which carries the item, in the short window between a
    /// registration and the release of its list.
    /// </summary>
    public const int Limit = 1000;

    /// <param name="current">The stored record, null when the ARN is unknown (a placeholder is created).</param>
    /// <param name="expiresAt">The TTL the job's own times give; a placeholder lives at least that long.</param>
    /// <returns>The record to write (null when nothing changes) and what happened.</returns>
    public static (InstanceRecord? Changed, AwaitOutcome Outcome) Add(InstanceRecord? current, string containerInstanceArn, string jobId, long? expiresAt, int limit = Limit)
    {
        if (current is { CanAttribute: true })
        {
            return (null, AwaitOutcome.Registered);
        }

        if (current?.AwaitingJobs?.Contains(jobId) == true)
        {
            return (null, AwaitOutcome.AlreadyWaiting);
        }

        var record = current ?? new InstanceRecord { ContainerInstanceArn = containerInstanceArn };
        if (expiresAt is { } ttl && (record.ExpiresAt is null || record.ExpiresAt < ttl))
        {
            record.ExpiresAt = ttl;
        }

        if ((record.AwaitingJobs?.Count ?? 0) >= limit)
        {
            record.AwaitingOverflow = (record.AwaitingOverflow ?? 0) + 1;
            return (record, AwaitOutcome.Overflowed);
        }

        (record.AwaitingJobs ??= new SortedSet<string>(StringComparer.Ordinal)).Add(jobId);
        return (record, AwaitOutcome.Added);
    }

    /// <summary>Removes job ids that were backfilled; null when none of them is still listed (a repeated release writes nothing).</summary>
    public static InstanceRecord? Release(InstanceRecord? current, IReadOnlyCollection<string> backfilled)
    {
        if (current?.AwaitingJobs is not { Count: > 0 } waiting || !backfilled.Any(waiting.Contains))
        {
            return null;
        }

        waiting.ExceptWith(backfilled);
        if (waiting.Count == 0)
        {
            current.AwaitingJobs = null;
        }

        return current;
    }
}
