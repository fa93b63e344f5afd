using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>Merges an observation into the ledger and writes what became countable, exactly once.</summary>
public sealed class JobLedgerWriter(IRecordStore<JobRecord> jobs, IMonitorOutput output, MonitorOptions options)
{
    public async ValueTask<JobRecord> ApplyAsync(JobObservation observation, string? blockedReason, CancellationToken cancellationToken)
    {
        JobEmissions.Result? emissions = null;
        var record = await RecordUpdater.UpdateAsync(
            jobs,
            observation.JobId,
            current =>
            {
                var merged = JobLedger.Merge(current, observation);
                if (observation.StatusAt is { } at)
                {
                    merged.ExpiresAt = Math.Max(merged.ExpiresAt ?? 0, MonitorOptions.ExpiresAt(at, options.LedgerTtlDays));
                }

                // Decided inside the merge so a retried write recomputes it from what it re-read.
                emissions = JobEmissions.Collect(merged, options.MetricsNamespace, blockedReason, blockedReason is null ? null : observation.StatusAt);
                return merged;
            },
            cancellationToken).ConfigureAwait(false);

        // Written only after the ledger accepted the update: a failed write is retried by SQS and counts then.
        foreach (var document in emissions!.Documents)
        {
            output.WriteMetrics(document);
        }

        if (emissions.Insight is { } insight)
        {
            output.WriteInsight(insight);
        }

        return record;
    }
}
