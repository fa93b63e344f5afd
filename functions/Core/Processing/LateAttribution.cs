using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// Attributes job attempts whose container instance registered only after every event of the job was processed
/// (the state machine's join gave up waiting), with nothing but get and conditional put:
/// - the job's writer leaves the job id on the instance's record (<see cref="InstanceRecord.AwaitingJobs"/>, a
///   placeholder when the ARN is unknown), or attributes the job at once when the record already names the type;
/// - the registration's writer, once its merge names the type, backfills every waiting job and then removes it.
/// Both sides are idempotent, so duplicates, any order and a crash between steps (SQS redelivers) converge.
/// </summary>
public sealed class LateAttribution(MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors)
{
    /// <summary>Waiting jobs backfilled between two releases: progress is stored per batch, so a timeout resumes, not restarts.</summary>
    private const int ReleaseBatch = 50;

    private readonly JobLedgerWriter _ledger = new(stores.Jobs, output, options);

    /// <summary>The job's side: each attempt placed on an instance whose type is unknown waits on that instance.</summary>
    public async ValueTask AwaitUnknownInstancesAsync(JobRecord job, CancellationToken cancellationToken)
    {
        List<string>? unknown = null;
        foreach (var attempt in job.Attempts)
        {
            if (attempt.ContainerInstanceArn is { Length: > 0 } arn && attempt.InstanceType is null && unknown?.Contains(arn) != true)
            {
                (unknown ??= []).Add(arn);
            }
        }

        if (unknown is not null)
        {
            // Its own method: the lambda there captures the job, and the compiler creates what it captures on entry,
            // which would be on every job event rather than on the few with an unknown instance.
            await AwaitAsync(job, unknown, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask AwaitAsync(JobRecord job, List<string> unknown, CancellationToken cancellationToken)
    {
        var expiresAt = LastSeen(job) is { } lastSeen ? MonitorOptions.ExpiresAt(lastSeen, options.InstanceTtlDays) : (long?)null;
        foreach (var arn in unknown)
        {
            var outcome = AwaitOutcome.AlreadyWaiting;
            var instance = await RecordUpdater.UpdateIfChangedAsync(
                stores.Instances,
                arn,
                current =>
                {
                    (var changed, outcome) = AwaitingJobList.Add(current, arn, job.JobId, expiresAt);
                    return changed;
                },
                cancellationToken).ConfigureAwait(false);

            switch (outcome)
            {
                case AwaitOutcome.Registered:
                    // Registered after this event's join (or it is another attempt's instance): attribute now.
                    await _ledger.BackfillAsync(job.JobId, instance!, cancellationToken).ConfigureAwait(false);
                    break;
                case AwaitOutcome.Overflowed:
                    await errors.WriteLineAsync(
                        $"job {job.JobId}: container instance {arn} already has {AwaitingJobList.Limit} jobs waiting for its registration; " +
                        $"this job stays unattributed ({instance?.AwaitingOverflow} observations over the limit on this instance)").ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>The registration's side: called with the record as written; backfills its waiting jobs once it names the type.</summary>
    public async ValueTask ReleaseAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        if (!instance.CanAttribute || instance.AwaitingJobs is not { Count: > 0 } waiting)
        {
            return;
        }

        if (instance.AwaitingOverflow is > 0 and var overflow)
        {
            await errors.WriteLineAsync(
                $"container instance {instance.ContainerInstanceArn} registered with {overflow} job observations that found its waiting list full: those jobs stay unattributed").ConfigureAwait(false);
        }

        // A copy: in memory the stored record is this very object, and the release below edits its list.
        foreach (var batch in waiting.ToArray().Chunk(ReleaseBatch))
        {
            foreach (var jobId in batch)
            {
                await _ledger.BackfillAsync(jobId, instance, cancellationToken).ConfigureAwait(false);
            }

            await RecordUpdater.UpdateIfChangedAsync(stores.Instances, instance.ContainerInstanceArn, current => AwaitingJobList.Release(current, batch), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The latest time the job's record knows: the placeholder's TTL counts from it, never from the clock.</summary>
    private static long? LastSeen(JobRecord job)
    {
        long? latest = Max(Max(job.FirstObservedAt, job.LatestStatusAt), job.CreatedAt);
        foreach (var at in job.StatusFirstSeen.Values)
        {
            latest = Max(latest, at);
        }

        foreach (var attempt in job.Attempts)
        {
            latest = Max(Max(latest, attempt.StartedAt), attempt.StoppedAt);
        }

        return latest;
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
