using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// When a job of the ledger was alive: from its creation (Batch's createdAt, else the first status seen) to, once it
/// has finished, its attempts' latest stop (else the time its final status was first seen); no end while it was still
/// queued or running when the replay ended, whatever attempts of it had stopped (a retried job's first attempt).
/// </summary>
public readonly record struct JobLifetime(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static JobLifetime Of(JobLedgerLine job)
    {
        var start = job.CreatedAt ?? (job.StatusFirstSeen is { Count: > 0 } seen ? seen.Values.Min() : job.StartedAt);
        long? end = null;
        if (JobStatus.IsTerminal(job.Status))
        {
            var stopped = job.AttemptDetails?.Select(attempt => attempt?.StoppedAt).Max();
            end = stopped ?? job.StoppedAt ?? (job.StatusFirstSeen?.TryGetValue(job.Status!, out var final) == true ? final : null);
        }

        return new JobLifetime(At(start), At(end));
    }

    /// <summary>
    /// Whether the job was alive at some time from <paramref name="since"/> to <paramref name="until"/> (either open).
    /// A job with no time at all is in no window.
    /// </summary>
    public bool Overlaps(DateTimeOffset? since, DateTimeOffset? until) =>
        Start is { } start
        && (until is null || start <= until)
        && (since is null || End is null || End >= since);

    private static DateTimeOffset? At(long? epochMilliseconds) =>
        epochMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
