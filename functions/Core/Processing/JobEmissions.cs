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

    /// <param name="blockedAt">When the queue-blocked event happened: its metric's timestamp.</param>
    public static Result Collect(JobRecord job, string metricsNamespace, string? blockedReason = null, long? blockedAt = null)
    {
        // STARTING, RUNNING and the spans that end there belong to the first attempt; the terminal status, the running
        // time and the summary to the last one.
        var firstValues = DimensionValues(job, lastAttemptFirst: false);
        var values = DimensionValues(job, lastAttemptFirst: true);
        var builders = new SortedDictionary<(long Timestamp, bool First), EmfDocumentBuilder>();
        var placements = new List<EmfDocumentBuilder>();
        EmfDocumentBuilder AtFor(long timestamp, bool first)
        {
            if (!builders.TryGetValue((timestamp, first), out var builder))
            {
                builder = Describe(new EmfDocumentBuilder(metricsNamespace, timestamp), job, first ? firstValues : values);
                builders.Add((timestamp, first), builder);
            }

            return builder;
        }

        EmfDocumentBuilder At(long timestamp) => AtFor(timestamp, first: false);
        EmfDocumentBuilder AtFirst(long timestamp) => AtFor(timestamp, first: true);

        foreach (var (status, firstSeen) in job.StatusFirstSeen)
        {
            var definition = MetricCatalog.Get(status);
            var first = status is JobStatus.Starting or JobStatus.Running;
            if (NewSets(job, EmissionKeys.Status(status), definition.DimensionSets, first ? firstValues : values) is { Count: > 0 } sets)
            {
                AtFor(firstSeen, first).Metric(definition.Name, definition.Unit, 1, sets);
            }
        }

        foreach (var attempt in job.Attempts)
        {
            var placed = attempt.ContainerInstanceArn is not null || attempt.InstanceType == JobObservations.Fargate;
            var definition = MetricCatalog.Get(MetricCatalog.JobsPlaced);
            var attemptValues = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [Dimension.JobQueue] = job.JobQueue,
                [Dimension.ComputeEnvironment] = job.ComputeEnvironment,
                [Dimension.InstanceType] = attempt.InstanceType,
                [Dimension.AvailabilityZone] = attempt.AvailabilityZone,
            };
            if (placed && NewSets(job, EmissionKeys.Placed(attempt.Key), definition.DimensionSets, attemptValues) is { Count: > 0 } sets)
            {
                var builder = new EmfDocumentBuilder(metricsNamespace, attempt.StartedAt ?? FirstSeenOrCreated(job))
                    .Dimension(Dimension.JobQueue, job.JobQueue)
                    .Dimension(Dimension.ComputeEnvironment, job.ComputeEnvironment)
                    .Dimension(Dimension.InstanceType, attempt.InstanceType)
                    .Dimension(Dimension.AvailabilityZone, attempt.AvailabilityZone)
                    .Property("JobId", job.JobId)
                    .Metric(definition.Name, definition.Unit, 1, sets);
                placements.Add(builder); // its own document: its dimensions are the attempt's, not the last attempt's
            }
        }

        JobInsight? insight = null;
        if (job.TerminalStatus is { } terminal && job.StatusFirstSeen.TryGetValue(terminal, out var endedAt))
        {
            // Durations wait for the terminal status: events arrive out of order, and a STARTING delivered after RUNNING
            // (or an attempt's stop before a retry) would otherwise fix a wrong value in a metric that cannot be taken back.
            // The metric uses STARTING as the end, never the RUNNING fallback the ledger applies: a terminal event can
            // overtake STARTING in delivery, and the fallback would then fix a longer wait in the metric for good.
            if (FirstSeen(job, JobStatus.Starting) is { } startingAt)
            {
                AddDuration(job, MetricCatalog.RunnableSeconds, JobDurations.RunnableMs(job), startingAt, firstValues, AtFirst);
            }

            AddDuration(job, MetricCatalog.StartingSeconds, JobDurations.StartingMs(job), JobDurations.FirstRunning(job), firstValues, AtFirst);
            AddDuration(job, MetricCatalog.RunningSeconds, JobDurations.RunningMs(job), endedAt, values, At);
            if (values.GetValueOrDefault(Dimension.JobQueue) is { Length: > 0 } && job.Emitted.Add(EmissionKeys.Summary))
            {
                AddSummary(job, At(endedAt));
            }

            if (job.Emitted.Add(EmissionKeys.Insight))
            {
                insight = JobInsight.From(job);
            }
        }

        var blocked = MetricCatalog.Get(MetricCatalog.JobQueueBlocked);
        if (blockedReason is { Length: > 0 } && NewSets(job, EmissionKeys.Blocked(blockedReason), blocked.DimensionSets, values) is { Count: > 0 } blockedSets)
        {
            // Stamped with the blocked event's own time: the job's latest status time depends on what arrived before it.
            At(blockedAt ?? job.LatestStatusAt ?? FirstSeenOrCreated(job)).Metric(blocked.Name, blocked.Unit, 1, blockedSets).Property("BlockedReason", blockedReason);
        }

        if (builders.Count == 0 && placements.Count == 0 && insight is null)
        {
            return Nothing;
        }

        var documents = new List<EmfDocument>(builders.Count + placements.Count);
        foreach (var builder in builders.Values)
        {
            documents.AddRange(builder.Build());
        }

        foreach (var builder in placements)
        {
            documents.AddRange(builder.Build());
        }

        return new Result(documents, insight);
    }

    /// <summary>
    /// The dimension values the job's metrics use, as far as they are known now. Attempt values come from the
    /// preferred attempt (the last or the first, in start order as <see cref="JobRecord.LastAttempt"/> orders them),
    /// else from the nearest attempt that knows them: which attempts are known, and which of them know their instance,
    /// depends on arrival order, and a job's attempts normally share one instance type and zone.
    /// </summary>
    private static Dictionary<string, string?> DimensionValues(JobRecord job, bool lastAttemptFirst)
    {
        var ordered = job.Attempts
            .OrderBy(a => a.StartedAt ?? long.MinValue)
            .ThenBy(a => a.Key, StringComparer.Ordinal)
            .ToList();
        if (lastAttemptFirst)
        {
            ordered.Reverse();
        }

        string? Known(Func<JobAttempt, string?> read) => ordered.Select(read).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [Dimension.JobQueue] = job.JobQueue,
            [Dimension.JobDefinition] = BatchNames.JobDefinitionName(job.JobDefinition),
            [Dimension.ComputeEnvironment] = job.ComputeEnvironment,
            [Dimension.InstanceType] = job.Platform == JobObservations.Fargate ? JobObservations.Fargate : Known(a => a.InstanceType),
            [Dimension.AvailabilityZone] = Known(a => a.AvailabilityZone),
            [Dimension.Architecture] = Known(a => a.Architecture),
        };
    }

    /// <summary>
    /// The dimension sets of one observation that can be counted now and were not counted before. Each set is
    /// counted once, as soon as all its values are known: a value learnt from a later event (the compute
    /// environment from the first placed event, the zone from the ECS task event) still counts the observation in
    /// that set, so the totals do not depend on which event arrived first.
    /// </summary>
    private static List<string[]> NewSets(JobRecord job, string key, IReadOnlyList<string[]> sets, IReadOnlyDictionary<string, string?> values)
    {
        var result = new List<string[]>();
        foreach (var set in sets)
        {
            if (set.All(name => !string.IsNullOrEmpty(values.GetValueOrDefault(name))) && job.Emitted.Add(EmissionKeys.InSet(key, set)))
            {
                result.Add(set);
            }
        }

        return result;
    }

    private static EmfDocumentBuilder Describe(EmfDocumentBuilder builder, JobRecord job, IReadOnlyDictionary<string, string?> values)
    {
        foreach (var (name, value) in values)
        {
            builder.Dimension(name, value);
        }

        return builder.Property("JobId", job.JobId);
    }

    /// <param name="endedAt">When the measured span ended: the metric's timestamp.</param>
    private static void AddDuration(JobRecord job, string metricName, long? milliseconds, long? endedAt, IReadOnlyDictionary<string, string?> values, Func<long, EmfDocumentBuilder> at)
    {
        if (milliseconds is null || endedAt is null)
        {
            return;
        }

        var definition = MetricCatalog.Get(metricName);
        if (NewSets(job, EmissionKeys.Duration(metricName), definition.DimensionSets, values) is { Count: > 0 } sets)
        {
            at(endedAt.Value).Metric(definition.Name, definition.Unit, milliseconds.Value / 1000.0, sets);
        }
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

    private static long FirstSeenOrCreated(JobRecord job)
    {
        if (job.StatusFirstSeen.Count == 0)
        {
            // A job first seen through its ECS task event: no status yet, perhaps no createdAt; the event's own time.
            return job.CreatedAt ?? job.FirstObservedAt ?? 0;
        }

        var min = long.MaxValue;
        foreach (var at in job.StatusFirstSeen.Values)
        {
            min = Math.Min(min, at);
        }

        return min;
    }
}
