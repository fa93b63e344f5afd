using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core;

/// <summary>The JobTransitions function's core: Batch job state changes, queue-blocked events and SubmitJob calls.</summary>
public sealed class JobEventsProcessor(MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors) : IRecordProcessor
{
    private readonly JobLedgerWriter _ledger = new(stores.Jobs, output, options);
    private readonly LateAttribution _attribution = new(stores, output, options, errors);

    public async ValueTask ProcessAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case RecordKind.JobStateChange or RecordKind.JobQueueBlocked:
                // Hand-written read of what the observation uses: every Batch job event comes this way (docs/performance.md).
                var record = BatchJobEventReader.Read(message);
                var instance = await JoinedInstance.ResolveAsync(record.Join, stores.Instances, cancellationToken).ConfigureAwait(false);
                var observation = JobObservations.FromJobEvent(record.Detail, record.Time, instance);
                var blockedReason = message.Kind == RecordKind.JobQueueBlocked ? record.Detail.StatusReason ?? "unspecified" : null;
                var job = await _ledger.ApplyAsync(observation, blockedReason, cancellationToken).ConfigureAwait(false);
                await _attribution.AwaitUnknownInstancesAsync(job, cancellationToken).ConfigureAwait(false);
                break;
            case RecordKind.SubmitJobCall:
                if (JobObservations.FromSubmitJobCall(SubmitJobCallReader.Read(message)) is { } submitted)
                {
                    await _ledger.ApplyAsync(submitted, null, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                throw new RecordRejectedException($"kind {message.Kind} is not a job event (JobTransitions takes JobStateChange, JobQueueBlocked, SubmitJobCall)");
        }
    }
}
