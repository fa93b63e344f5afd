using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Metrics;
using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Core;

/// <summary>
/// Decides what a ledger record has newly made countable — statuses first seen, durations whose ends are now
/// known, attempts placed, the terminal summary and insight — marks each in <see cref="JobRecord.Emitted"/> and
/// returns the documents to write. Running it again on the same record returns nothing: duplicates never count.
/// </summary>
public static class JobEmissions
{
    public sealed record Result(IReadOnlyList<EmfDocument> Documents, JobInsight? Insight);

    private static readonly Result Nothing = new([], null);

    public static Result Collect(JobRecord job, string metricsNamespace, string? blockedReason = null)
    {
        var builders = new SortedDictionary<long, EmfDocumentBuilder>();
        var placements = new List<EmfDocumentBuilder>();
        EmfDocumentBuilder At(long timestamp)
        {
            if (!builders.TryGetValue(timestamp, out var builder))
            {
                builder = Describe(new EmfDocumentBuilder(metricsNamespace, timestamp), job);
                builders.Add(timestamp, builder);
            }

            return builder;
        }

        foreach (var (status, firstSeen) in job.StatusFirstSeen)
        {
            if (job.Emitted.Add(EmissionKeys.Status(status)))
            {
                var definition = MetricCatalog.Get(status);
                At(firstSeen).Metric(definition.Name, definition.Unit, 1, definition.DimensionSets);
            }
        }

        foreach (var attempt in job.Attempts)
        {
            var placed = attempt.ContainerInstanceArn is not null || attempt.InstanceType == JobObservations.Fargate;
            if (placed && job.Emitted.Add(EmissionKeys.Placed(attempt.Key)))
            {
                var definition = MetricCatalog.Get(MetricCatalog.JobsPlaced);
                var builder = new EmfDocumentBuilder(metricsNamespace, attempt.StartedAt ?? FirstSeenOrCreated(job))
                    .Dimension(Dimension.JobQueue, job.JobQueue)
                    .Dimension(Dimension.ComputeEnvironment, job.ComputeEnvironment)
                    .Dimension(Dimension.InstanceType, attempt.InstanceType)
                    .Dimension(Dimension.AvailabilityZone, attempt.AvailabilityZone)
                    .Property("JobId", job.JobId)
                    .Metric(definition.Name, definition.Unit, 1, definition.DimensionSets);
                placements.Add(builder); // its own document: its dimensions are the attempt's, not the last attempt's
            }
        }

        AddDuration(job, MetricCatalog.RunnableSeconds, JobDurations.RunnableMs(job), FirstSeen(job, JobStatus.Starting) ?? FirstSeen(job, JobStatus.Running), At);
        AddDuration(job, MetricCatalog.StartingSeconds, JobDurations.StartingMs(job), FirstSeen(job, JobStatus.Running), At);

        JobInsight? insight = null;
        if (job.TerminalStatus is { } terminal && job.StatusFirstSeen.TryGetValue(terminal, out var endedAt))
        {
            // Running time and the summary wait for the terminal status: with retries, an earlier attempt's stop is not the end.
            AddDuration(job, MetricCatalog.RunningSeconds, JobDurations.RunningMs(job), endedAt, At);
            if (job.Emitted.Add(EmissionKeys.Summary))
            {
                AddSummary(job, At(endedAt));
            }

            if (job.Emitted.Add(EmissionKeys.Insight))
            {
                insight = JobInsight.From(job);
            }
        }

        if (blockedReason is { Length: > 0 } && job.Emitted.Add(EmissionKeys.Blocked(blockedReason)))
        {
            var blocked = MetricCatalog.Get(MetricCatalog.JobQueueBlocked);
            At(job.LatestStatusAt ?? FirstSeenOrCreated(job)).Metric(blocked.Name, blocked.Unit, 1, blocked.DimensionSets).Property("BlockedReason", blockedReason);
        }

        if (builders.Count == 0 && placements.Count == 0 && insight is null)
        {
            return Nothing;
        }

        var documents = new List<EmfDocument>();
        foreach (var builder in builders.Values.Concat(placements))
        {
            documents.AddRange(builder.Build());
        }

        return new Result(documents, insight);
    }

    private static EmfDocumentBuilder Describe(EmfDocumentBuilder builder, JobRecord job)
    {
        var last = job.LastAttempt;
        return builder
            .Dimension(Dimension.JobQueue, job.JobQueue)
            .Dimension(Dimension.JobDefinition, BatchNames.JobDefinitionName(job.JobDefinition))
            .Dimension(Dimension.ComputeEnvironment, job.ComputeEnvironment)
            .Dimension(Dimension.InstanceType, job.Platform == JobObservations.Fargate ? JobObservations.Fargate : last?.InstanceType)
            .Dimension(Dimension.AvailabilityZone, last?.AvailabilityZone)
            .Dimension(Dimension.Architecture, last?.Architecture)
            .Property("JobId", job.JobId);
    }

    /// <param name="endedAt">When the measured span ended: the metric's timestamp.</param>
    private static void AddDuration(JobRecord job, string metricName, long? milliseconds, long? endedAt, Func<long, EmfDocumentBuilder> at)
    {
        if (milliseconds is null || endedAt is null || !job.Emitted.Add(EmissionKeys.Duration(metricName)))
        {
            return;
        }

        var definition = MetricCatalog.Get(metricName);
        at(endedAt.Value).Metric(definition.Name, definition.Unit, milliseconds.Value / 1000.0, definition.DimensionSets);
    }

    private static void AddSummary(JobRecord job, EmfDocumentBuilder builder)
    {
        var run = JobDurations.RunningMs(job);
        var wait = JobDurations.WaitMs(job);
        var total = JobDurations.TotalMs(job);
        Add(builder, MetricCatalog.WaitTimeSeconds, wait / 1000.0);
        Add(builder, MetricCatalog.RunTimeSeconds, run / 1000.0);
        Add(builder, MetricCatalog.TotalTimeSeconds, total / 1000.0);
        if (run is not null && total is > 0)
        {
            Add(builder, MetricCatalog.SchedulingEfficiency, 100.0 * run.Value / total.Value);
        }
    }

    private static void Add(EmfDocumentBuilder builder, string metricName, double? value)
    {
        if (value is { } v)
        {
            var definition = MetricCatalog.Get(metricName);
            builder.Metric(definition.Name, definition.Unit, v, definition.DimensionSets);
        }
    }

    private static long? FirstSeen(JobRecord job, string status) => job.StatusFirstSeen.TryGetValue(status, out var at) ? at : null;

    private static long FirstSeenOrCreated(JobRecord job) =>
        job.StatusFirstSeen.Count > 0 ? job.StatusFirstSeen.Values.Min() : job.CreatedAt ?? 0;
}
