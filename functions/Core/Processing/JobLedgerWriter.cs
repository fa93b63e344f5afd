using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>Merges an observation into the ledger and writes what became countable, exactly once.</summary>
public sealed class JobLedgerWriter(IRecordStore<JobRecord> jobs, IMonitorOutput output, MonitorOptions options)
{
    // The update (with its collector and reusable documents) for the next call. Taken for the length of one update
    // and put back afterwards, so overlapping updates, which the functions never make, would each get their own.
    private LedgerUpdate? _spare;

    public async ValueTask<JobRecord> ApplyAsync(JobObservation observation, string? blockedReason, CancellationToken cancellationToken)
    {
        var update = Interlocked.Exchange(ref _spare, null) ?? new LedgerUpdate(options);
        update.Start(observation, blockedReason);
        // A merge that changes nothing (a duplicate event) is not written: the record as stored is the one returned.
        var record = await RecordUpdater.UpdateIfChangedAsync(jobs, observation.JobId, update, static (current, update) => update.Merge(current), cancellationToken)
            .ConfigureAwait(false);

        Write(update.Emissions);
        _spare = update;
        return record!; // a merge into no record always makes one, so there is a record
    }

    /// <summary>
    /// Attributes the job's attempts that ran on <paramref name="instance"/> (registered after the job's events were
    /// processed) and writes the dimension sets that became countable. The metrics keep the job's own times (status
    /// first seen, attempt start), so they land where they would have had the join found the instance.
    /// </summary>
    /// <returns>False when there was nothing to attribute (already done, or the job is no longer in the ledger).</returns>
    public async ValueTask<bool> BackfillAsync(string jobId, InstanceRecord instance, CancellationToken cancellationToken)
    {
        var update = Interlocked.Exchange(ref _spare, null) ?? new LedgerUpdate(options);
        var collector = update.Collector;
        JobEmissions.Result? emissions = null;
        await RecordUpdater.UpdateIfChangedAsync(
            jobs,
            jobId,
            current =>
            {
                emissions = null;

                // Never creates a ledger entry: a job that expired (TTL) while it waited has nothing left to attribute.
                if (current is null || !JobAttribution.Backfill(current, arn => arn == instance.ContainerInstanceArn ? instance : null))
                {
                    return null;
                }

                emissions = collector.Collect(current, options.MetricsNamespace);
                return current;
            },
            cancellationToken).ConfigureAwait(false);

        if (emissions is not { } written)
        {
            _spare = update;
            return false;
        }

        Write(written);
        _spare = update;
        return true;
    }

    /// <summary>Written only after the ledger accepted the update: a failed write is retried by SQS and counts then.</summary>
    private void Write(JobEmissions.Result emissions)
    {
        // Indexed: foreach over the IReadOnlyList would box its enumerator on every event. None for a merge that
        // changed nothing (nothing collected).
        var documents = emissions.Documents ?? [];
        for (var i = 0; i < documents.Count; i++)
        {
            output.WriteMetrics(documents[i]);
        }

        // A backfill never gets one: the insight is written at the terminal event, and a backfill adds no status.
        if (emissions.Insight is { } insight)
        {
            output.WriteInsight(insight);
        }
    }

    /// <summary>
    /// One observation's merge, passed to <see cref="RecordUpdater"/> as its state rather than captured in a closure
    /// (a closure and a delegate per event); reused by the writer from one update to the next.
    /// </summary>
    private sealed class LedgerUpdate(MonitorOptions options)
    {
        private JobObservation _observation = null!;
        private string? _blockedReason;

        public JobEmissions Collector { get; } = new();

        /// <summary>What the last <see cref="Merge"/> made countable (documents valid until the next update).</summary>
        public JobEmissions.Result Emissions { get; private set; }

        public void Start(JobObservation observation, string? blockedReason)
        {
            _observation = observation;
            _blockedReason = blockedReason;
            Emissions = default;
        }

        /// <returns>The record to write; null when the observation changed nothing (nothing to write or to count).</returns>
        public JobRecord? Merge(JobRecord? current)
        {
            Emissions = default; // a retried write merges again: nothing of an earlier attempt's collection is kept
            var merged = JobLedger.Merge(current, _observation, out var changed);
            if (_observation.StatusAt is { } at)
            {
                var expiresAt = Math.Max(merged.ExpiresAt ?? 0, MonitorOptions.ExpiresAt(at, options.LedgerTtlDays));
                changed |= merged.ExpiresAt != expiresAt;
                merged.ExpiresAt = expiresAt;
            }

            // The stored record was collected before it was written, and a collection depends only on the record (and
            // a blocked event's reason), so an unchanged record has nothing new to count; a blocked event is collected
            // always, since its reason is not in the record.
            if (!changed && _blockedReason is null)
            {
                return null;
            }

            // Decided inside the merge so a retried write recomputes it from what it re-read.
            Emissions = Collector.Collect(merged, options.MetricsNamespace, _blockedReason, _blockedReason is null ? null : _observation.StatusAt);
            return merged;
        }
    }
}
