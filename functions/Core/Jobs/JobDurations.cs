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

    /// <summary>
    /// Whether the first RUNNABLE, STARTING and RUNNING the ledger holds can be the first attempt's own. A retried job
    /// goes through them again, and delivery is unordered: the retry's STARTING can arrive before the first attempt's,
    /// and a duration computed then would be too long for good. Judged against the attempts' container starts (known
    /// from the terminal event, which lists every attempt): the first attempt's RUNNABLE and STARTING precede its
    /// start, and its RUNNING precedes the second attempt's start. Event times are whole seconds, hence the second
    /// of slack.
    /// </summary>
    public static bool FirstAttemptSettled(JobRecord job)
    {
        long? first = null;
        long? second = null;
        foreach (var attempt in job.Attempts)
        {
            if (attempt.StartedAt is not { } at)
            {
                continue;
            }

            if (first is null || at < first)
            {
                second = first;
                first = at;
            }
            else if (second is null || at < second)
            {
                second = at;
            }
        }

        const long Slack = 999;
        if (first is { } firstStart
            && (First(job, JobStatus.Runnable) > firstStart + Slack || First(job, JobStatus.Starting) > firstStart + Slack))
        {
            return false;
        }

        // A RUNNING at or after the second attempt's start (to the second: its time is truncated) is the retry's.
        return second is not { } secondStart || !(First(job, JobStatus.Running) >= secondStart - Slack);
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
