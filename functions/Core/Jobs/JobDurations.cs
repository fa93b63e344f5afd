namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>
/// Durations in milliseconds from the ledger (subtracting epoch milliseconds: no day wrap). A duration whose ends
/// were never seen is null, never zero.
/// </summary>
public static class JobDurations
{
    /// <summary>First STARTING (or first RUNNING when STARTING was never seen) minus first RUNNABLE.</summary>
    public static long? RunnableMs(JobRecord job)
    {
        var end = First(job, JobStatus.Starting) ?? FirstRunning(job);
        return Between(First(job, JobStatus.Runnable), end);
    }

    /// <summary>First RUNNING minus first STARTING.</summary>
    public static long? StartingMs(JobRecord job) => Between(First(job, JobStatus.Starting), FirstRunning(job));

    /// <summary>
    /// When the job first ran: the first RUNNING event; until one is seen, the first attempt's container start
    /// (Batch's startedAt, carried by every later event) to the whole second like event times. A short job's
    /// terminal event often overtakes its RUNNING in delivery, and the start time in it gives the answer to the
    /// second (in AWS's own events startedAt precedes the RUNNING event's time by a fraction of a second).
    /// </summary>
    public static long? FirstRunning(JobRecord job)
    {
        if (First(job, JobStatus.Running) is { } seen)
        {
            return seen;
        }

        long? started = null;
        foreach (var attempt in job.Attempts)
        {
            if (attempt.StartedAt is { } at && (started is null || at < started))
            {
                started = at;
            }
        }

        return started - (started % 1000);
    }

    /// <summary>stoppedAt minus startedAt of the last attempt.</summary>
    public static long? RunningMs(JobRecord job) => job.LastAttempt is { } last ? Between(last.StartedAt, last.StoppedAt) : null;

    /// <summary>createdAt to the last attempt's start: the job summary's wait time.</summary>
    public static long? WaitMs(JobRecord job) => Between(job.CreatedAt, job.LastAttempt?.StartedAt);

    /// <summary>createdAt to the last attempt's stop.</summary>
    public static long? TotalMs(JobRecord job) => Between(job.CreatedAt, job.LastAttempt?.StoppedAt);

    public static double? Seconds(long? milliseconds) => milliseconds / 1000.0;

    private static long? First(JobRecord job, string status) => job.StatusFirstSeen.TryGetValue(status, out var at) ? at : null;

    private static long? Between(long? start, long? end) => start is null || end is null || end < start ? null : end - start;
}
