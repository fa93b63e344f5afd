using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Metrics;
using BatchRuntimeMonitor.Core.Naming;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// The RunTaskCalls function's core: CloudTrail RunTask calls Batch made (calls and placement failures by reason)
/// and ECS task state changes (where each job attempt was placed).
/// </summary>
public sealed class TaskEventsProcessor(MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors) : IRecordProcessor
{
    private const string JobQueueTag = "aws:batch:job-queue";
    private const string ComputeEnvironmentTag = "aws:batch:compute-environment";
    private const int MarkerTtlDays = 2;

    private readonly JobLedgerWriter _ledger = new(stores.Jobs, output, options);
    private readonly LateAttribution _attribution = new(stores, output, options, errors);

    // The RunTask call's builder, reset for each document (its documents are written before the next reset, as
    // IMonitorOutput allows): a builder and its lists were most of what a call allocated. Taken for the length of
    // one call, so overlapping calls, which the functions never make, would each build their own.
    private EmfDocumentBuilder? _spareBuilder;

    /// <summary>ECS task events whose task is not a Batch job's (no AWS_BATCH_JOB_ID): counted, not failed.</summary>
    public long IgnoredTasks { get; private set; }

    public async ValueTask ProcessAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case RecordKind.RunTaskCall:
                await RunTaskAsync(RunTaskCallReader.Read(message), cancellationToken).ConfigureAwait(false);
                break;
            case RecordKind.TaskStateChange:
                var record = EcsTaskEventReader.Read(message);
                var instance = await JoinedInstance.ResolveAsync(record.Join, stores.Instances, cancellationToken).ConfigureAwait(false);
                if (JobObservations.FromTaskEvent(record.Detail, record.Time, instance) is { } observation)
                {
                    var job = await _ledger.ApplyAsync(observation, null, cancellationToken).ConfigureAwait(false);
                    await _attribution.AwaitUnknownInstancesAsync(job, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    IgnoredTasks++;
                }

                break;
            default:
                throw new RecordRejectedException($"kind {message.Kind} is not a task event (RunTaskCalls takes RunTaskCall, TaskStateChange)");
        }
    }

    private async ValueTask RunTaskAsync(RunTaskCallRecord record, CancellationToken cancellationToken)
    {
        var call = record.Detail;
        var at = (call.EventTime ?? record.Time ?? throw new RecordRejectedException("RunTask call has no eventTime")).ToUnixTimeMilliseconds();
        var key = "runtask#" + (call.EventId ?? record.Id ?? throw new RecordRejectedException("RunTask call has no eventID"));
        if (!await EventMarker.FirstTimeAsync(stores.Markers, key, MonitorOptions.ExpiresAt(at, MarkerTtlDays), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var (queue, computeEnvironment) = BatchTags(call.Tags);
        computeEnvironment ??= BatchNames.ComputeEnvironmentFromCluster(call.Cluster);

        var builder = Interlocked.Exchange(ref _spareBuilder, null) ?? new EmfDocumentBuilder(options.MetricsNamespace, at);
        var calls = MetricCatalog.Get(MetricCatalog.RunTaskCalls);
        Write(builder.Reset(options.MetricsNamespace, at)
            .Dimension(Dimension.JobQueue, queue)
            .Dimension(Dimension.ComputeEnvironment, computeEnvironment)
            .Metric(calls.Emf, 1, calls.DimensionSets));

        // One document per failure reason: Reason is a dimension, and a document has one value per dimension.
        if (call.FailureReasons.Count > 0)
        {
            var failures = MetricCatalog.Get(MetricCatalog.PlacementFailures);
            foreach (var (reason, count) in CountByReason(call.FailureReasons))
            {
                Write(builder.Reset(options.MetricsNamespace, at)
                    .Dimension(Dimension.JobQueue, queue)
                    .Dimension(Dimension.ComputeEnvironment, computeEnvironment)
                    .Dimension(Dimension.Reason, reason)
                    .Metric(failures.Emf, count, failures.DimensionSets));
            }
        }

        _spareBuilder = builder;
    }

    private void Write(EmfDocumentBuilder builder)
    {
        // Indexed: foreach over the IReadOnlyList would box its enumerator per document list.
        var documents = builder.Build();
        for (var i = 0; i < documents.Count; i++)
        {
            output.WriteMetrics(documents[i]);
        }
    }

    private static (string? Queue, string? ComputeEnvironment) BatchTags(IReadOnlyList<NameValue> tags)
    {
        string? queue = null, computeEnvironment = null;
        for (var i = 0; i < tags.Count; i++)
        {
            switch (tags[i].Name)
            {
                // Shared names: every call of a queue carries the same two tags.
                case JobQueueTag: queue = BatchNames.SharedNameFromArn(tags[i].Value); break;
                case ComputeEnvironmentTag: computeEnvironment = BatchNames.SharedNameFromArn(tags[i].Value); break;
            }
        }

        return (queue, computeEnvironment);
    }

    private static SortedDictionary<string, int> CountByReason(IReadOnlyList<string?> failureReasons)
    {
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < failureReasons.Count; i++)
        {
            var reason = failureReasons[i] is { Length: > 0 } r ? r : "UNKNOWN";
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        return reasons;
    }
}
