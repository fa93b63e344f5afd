namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// The three durations of docs/metrics.md from the model's first-seen seconds: RUNNABLE = first STARTING (or
/// first RUNNING) minus first RUNNABLE; STARTING = first RUNNING minus first STARTING; RUNNING = stoppedAt minus
/// startedAt of the last attempt. Null when an end never happened.
/// </summary>
internal readonly record struct JobDurations(long? RunnableMs, long? StartingMs, long? RunningMs)
{
    public static JobDurations Of(SimJob job)
    {
        long? Seen(string status) => job.FirstSeenSecond.TryGetValue(status, out var s) ? s : null;
        var runnable = Seen(JobStatus.Runnable);
        var starting = Seen(JobStatus.Starting);
        var running = Seen(JobStatus.Running);
        var runnableEnd = starting ?? running;
        var last = job.Attempts.Count > 0 ? job.Attempts[^1] : null;
        return new JobDurations(
            runnable is { } r && runnableEnd is { } re ? (re - r) * 1000 : null,
            starting is { } s && running is { } ru ? (ru - s) * 1000 : null,
            last is null ? null : last.StoppedAtMs - last.StartedAtMs);
    }
}
