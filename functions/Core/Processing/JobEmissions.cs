using System.Collections.Concurrent;
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
/// <remarks>
/// An instance is reused from one collection to the next with its builders, documents and lists (every event
/// collects, and building them anew was most of what an event allocated): the documents and insight of a
/// <see cref="Result"/> are valid until the instance's next <see cref="Collect"/>. Not thread-safe; <see cref="JobLedgerWriter"/> keeps
/// one per writer and uses it for one update at a time.
/// </remarks>
public sealed class JobEmissions
{
    /// <summary>What became countable: the documents and the insight record (both valid until the next collection).</summary>
    public readonly record struct Result(IReadOnlyList<EmfDocument> Documents, JobInsight? Insight);

    private readonly Documents _documents = new();

    // Refilled for each terminal job, like the documents: written by the output within the call.
    private readonly JobInsight _insight = new();

    /// <param name="blockedAt">When the queue-blocked event happened: its metric's timestamp.</param>
    public Result Collect(JobRecord job, string metricsNamespace, string? blockedReason = null, long? blockedAt = null)
    {
        // STARTING, RUNNING and the spans that end there belong to the first attempt; the terminal status, the running
        // time and the summary to the last one.
        var documents = _documents.Start(job, metricsNamespace);

        foreach (var (status, firstSeen) in job.StatusFirstSeen)
        {
            var metric = SharedMetric.OfStatus(status);
            if (metric.IsFullyCounted(job))
            {
                continue; // every set counted by an earlier event: the usual case for the statuses before this event's
            }

            var first = status is JobStatus.Starting or JobStatus.Running;
            if (NewSets(documents, metric, documents.Values(first)) is { } sets)
            {
                documents.At(firstSeen, first).Metric(metric.Definition.Emf, 1, sets);
            }
        }

        var placedDefinition = MetricCatalog.Get(MetricCatalog.JobsPlaced);
        foreach (var attempt in job.Attempts)
        {
            var placed = attempt.ContainerInstanceArn is not null || attempt.InstanceType == JobObservations.Fargate;
            if (!placed || ReferenceEquals(attempt.PlacementCountedIn, job.EmittedKeys))
            {
                continue;
            }

            var attemptValues = new DimensionValues(job.JobQueue, null, job.ComputeEnvironment, attempt.InstanceType, attempt.AvailabilityZone, null);
            if (NewPlacedSets(documents, attempt, placedDefinition.DimensionSets, attemptValues) is { } sets)
            {
                // Its own document: its dimensions are the attempt's, not the last attempt's.
                documents.Placement(attempt.StartedAt ?? FirstSeenOrCreated(job))
                    .Dimension(Dimension.JobQueue, job.JobQueue)
                    .Dimension(Dimension.ComputeEnvironment, job.ComputeEnvironment)
                    .Dimension(Dimension.InstanceType, attempt.InstanceType)
                    .Dimension(Dimension.AvailabilityZone, attempt.AvailabilityZone)
                    .Property("JobId", job.JobId)
                    .Metric(placedDefinition.Emf, 1, sets);
            }
        }

        JobInsight? insight = null;
        if (job.TerminalStatus is { } terminal && job.StatusFirstSeen.TryGetValue(terminal, out var endedAt))
        {
            // Durations wait for the terminal status: events arrive out of order, and a STARTING delivered after RUNNING
            // (or an attempt's stop before a retry) would otherwise fix a wrong value in a metric that cannot be taken back.
            // The metric uses STARTING as the end, never the RUNNING fallback the ledger applies: a terminal event can
            // overtake STARTING in delivery, and the fallback would then fix a longer wait in the metric for good.
            // The first-attempt spans also wait until the first statuses held are the first attempt's own: a retry's
            // STARTING delivered before the first one would otherwise fix too long a wait. A later event completes them.
            if (JobDurations.FirstAttemptSettled(job))
            {
                if (FirstSeen(job, JobStatus.Starting) is { } startingAt)
                {
                    AddDuration(documents, MetricCatalog.RunnableSeconds, JobDurations.RunnableMs(job), startingAt, first: true);
                }

                AddDuration(documents, MetricCatalog.StartingSeconds, JobDurations.StartingMs(job), JobDurations.FirstRunning(job), first: true);
            }
            AddDuration(documents, MetricCatalog.RunningSeconds, JobDurations.RunningMs(job), endedAt, first: false);
            if (documents.Values(first: false).JobQueue is { Length: > 0 } && Emit(job, EmissionKeys.Summary))
            {
                AddSummary(job, documents.At(endedAt, first: false));
            }

            if (Emit(job, EmissionKeys.Insight))
            {
                insight = _insight.Refill(job);
            }
        }

        var blocked = MetricCatalog.Get(MetricCatalog.JobQueueBlocked);
        if (blockedReason is { Length: > 0 } && NewSets(documents, EmissionKeys.Blocked(blockedReason), blocked.DimensionSets, documents.Values(first: false)) is { } blockedSets)
        {
            // Stamped with the blocked event's own time: the job's latest status time depends on what arrived before it.
            documents.At(blockedAt ?? job.LatestStatusAt ?? FirstSeenOrCreated(job), first: false)
                .Metric(blocked.Emf, 1, blockedSets)
                .Property("BlockedReason", blockedReason);
        }

        return new Result(documents.Build(), insight);
    }

    /// <summary>
    /// The documents of one collection: one builder per (timestamp, attempt side) in timestamp order, then one per
    /// placement. A class rather than closures so one collection costs no delegate per call; reused, with its
    /// builders and the lists of new dimension sets, by every collection of its <see cref="JobEmissions"/>.
    /// </summary>
    private sealed class Documents
    {
        private readonly List<(long Timestamp, bool First, EmfDocumentBuilder Builder)> _timed = new(4);
        private readonly List<EmfDocumentBuilder> _placements = new(2);
        private readonly List<EmfDocumentBuilder> _builders = new(4);
        private readonly List<List<string[]>> _setLists = new(4);
        private readonly List<EmfDocument> _built = new(4);
        private int _buildersUsed;
        private int _setListsUsed;
        private JobRecord _job = null!;
        private string _namespace = "";
        private DimensionValues? _firstValues;
        private DimensionValues? _lastValues;

        public JobRecord Job => _job;

        public Documents Start(JobRecord job, string metricsNamespace)
        {
            _job = job;
            _namespace = metricsNamespace;
            _firstValues = null;
            _lastValues = null;
            _timed.Clear();
            _placements.Clear();
            _built.Clear();
            _buildersUsed = 0;
            _setListsUsed = 0;
            return this;
        }

        public DimensionValues Values(bool first) => first
            ? _firstValues ??= DimensionValues.Of(_job, lastAttemptFirst: false)
            : _lastValues ??= DimensionValues.Of(_job, lastAttemptFirst: true);

        public EmfDocumentBuilder At(long timestamp, bool first)
        {
            foreach (var (at, side, builder) in _timed)
            {
                if (at == timestamp && side == first)
                {
                    return builder;
                }
            }

            var created = Values(first).Describe(NextBuilder(timestamp)).Property("JobId", _job.JobId);
            _timed.Add((timestamp, first, created));
            return created;
        }

        public EmfDocumentBuilder Placement(long timestamp)
        {
            var builder = NextBuilder(timestamp);
            _placements.Add(builder);
            return builder;
        }

        /// <summary>An empty list for the sets of one metric; it stays untouched until <see cref="Build"/> has read it.</summary>
        public List<string[]> SetList()
        {
            if (_setListsUsed == _setLists.Count)
            {
                _setLists.Add(new List<string[]>(5));
            }

            var list = _setLists[_setListsUsed++];
            list.Clear();
            return list;
        }

        public IReadOnlyList<EmfDocument> Build()
        {
            // Timestamp order, last-attempt side before first-attempt side on a tie (false sorts first), as before.
            _timed.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.First.CompareTo(b.First));
            foreach (var (_, _, builder) in _timed)
            {
                _built.AddRange(builder.Build());
            }

            foreach (var builder in _placements)
            {
                _built.AddRange(builder.Build());
            }

            return _built;
        }

        private EmfDocumentBuilder NextBuilder(long timestamp)
        {
            if (_buildersUsed == _builders.Count)
            {
                _builders.Add(new EmfDocumentBuilder(_namespace, timestamp));
            }

            return _builders[_buildersUsed++].Reset(_namespace, timestamp);
        }
    }

    /// <summary>
    /// The dimension values the job's metrics use, as far as they are known now. Attempt values come from the
    /// preferred attempt (the last or the first, in start order as <see cref="JobRecord.LastAttempt"/> orders them),
    /// else from the nearest attempt that knows them: which attempts are known, and which of them know their instance,
    /// depends on arrival order, and a job's attempts normally share one instance type and zone.
    /// </summary>
    private readonly record struct DimensionValues(string? JobQueue, string? JobDefinition, string? ComputeEnvironment, string? InstanceType, string? AvailabilityZone, string? Architecture)
    {
        public static DimensionValues Of(JobRecord job, bool lastAttemptFirst) => new(
            job.JobQueue,
            BatchNames.SharedJobDefinitionName(job.JobDefinition),
            job.ComputeEnvironment,
            job.Platform == JobObservations.Fargate ? JobObservations.Fargate : Preferred(job, lastAttemptFirst, static a => a.InstanceType),
            Preferred(job, lastAttemptFirst, static a => a.AvailabilityZone),
            Preferred(job, lastAttemptFirst, static a => a.Architecture));

        public string? Get(string dimension) => dimension switch
        {
            Dimension.JobQueue => JobQueue,
            Dimension.JobDefinition => JobDefinition,
            Dimension.ComputeEnvironment => ComputeEnvironment,
            Dimension.InstanceType => InstanceType,
            Dimension.AvailabilityZone => AvailabilityZone,
            Dimension.Architecture => Architecture,
            _ => null,
        };

        public EmfDocumentBuilder Describe(EmfDocumentBuilder builder) => builder
            .Dimension(Dimension.JobQueue, JobQueue)
            .Dimension(Dimension.JobDefinition, JobDefinition)
            .Dimension(Dimension.ComputeEnvironment, ComputeEnvironment)
            .Dimension(Dimension.InstanceType, InstanceType)
            .Dimension(Dimension.AvailabilityZone, AvailabilityZone)
            .Dimension(Dimension.Architecture, Architecture);

        /// <summary>
        /// The value of the first attempt in start order (StartedAt, unknown first, then Key) that knows it, or of the
        /// last such attempt when <paramref name="lastAttemptFirst"/>: the order a sort would give, without sorting.
        /// </summary>
        private static string? Preferred(JobRecord job, bool lastAttemptFirst, Func<JobAttempt, string?> read)
        {
            JobAttempt? best = null;
            string? value = null;
            foreach (var attempt in job.Attempts)
            {
                if (read(attempt) is not { Length: > 0 } candidate)
                {
                    continue;
                }

                if (best is null || (StartOrder(attempt, best) < 0) != lastAttemptFirst)
                {
                    best = attempt;
                    value = candidate;
                }
            }

            return value;
        }

        private static int StartOrder(JobAttempt a, JobAttempt b)
        {
            var byStart = (a.StartedAt ?? long.MinValue).CompareTo(b.StartedAt ?? long.MinValue);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.Key, b.Key);
        }
    }

    /// <summary>
    /// The dimension sets of one observation that can be counted now and were not counted before (null when none).
    /// Each set is counted once, as soon as all its values are known: a value learnt from a later event (the compute
    /// environment from the first placed event, the zone from the ECS task event) still counts the observation in
    /// that set, so the totals do not depend on which event arrived first.
    /// </summary>
    /// <param name="key">The emission key (a blocked reason's): one string per set.</param>
    private static List<string[]>? NewSets(Documents documents, string key, IReadOnlyList<string[]> sets, DimensionValues values)
    {
        List<string[]>? result = null;
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            if (AllKnown(set, values) && Emit(documents.Job, EmissionKeys.InSet(key, set)))
            {
                (result ??= documents.SetList()).Add(set);
            }
        }

        return result;
    }

    /// <summary><see cref="NewSets(Documents, string, IReadOnlyList{string[]}, DimensionValues)"/> of an attempt's placement, with the keys the attempt keeps.</summary>
    private static List<string[]>? NewPlacedSets(Documents documents, JobAttempt attempt, IReadOnlyList<string[]> sets, DimensionValues values)
    {
        if (attempt.PlacedKeys?.Length != sets.Count)
        {
            attempt.PlacedKeys = new string?[sets.Count];
        }

        var keys = attempt.PlacedKeys;
        List<string[]>? result = null;
        var counted = 0;
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            if (!AllKnown(set, values))
            {
                continue;
            }

            counted++;
            if (Emit(documents.Job, keys[i] ??= EmissionKeys.PlacedInSet(attempt.Key, set)))
            {
                (result ??= documents.SetList()).Add(set);
            }
        }

        if (counted == sets.Count)
        {
            attempt.PlacementCountedIn = documents.Job.EmittedKeys;
        }

        return result;
    }

    /// <summary><see cref="NewSets(Documents, string, IReadOnlyList{string[]}, DimensionValues)"/> of a status or duration, with its shared keys.</summary>
    /// <remarks>Marks the metric fully counted on the job once every set's key is in <see cref="JobRecord.Emitted"/>.</remarks>
    private static List<string[]>? NewSets(Documents documents, SharedMetric metric, DimensionValues values)
    {
        List<string[]>? result = null;
        var sets = metric.Definition.DimensionSets;
        var counted = 0;
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            if (!AllKnown(set, values))
            {
                continue;
            }

            counted++;
            if (Emit(documents.Job, metric.KeysInSets[i]))
            {
                (result ??= documents.SetList()).Add(set);
            }
        }

        if (counted == sets.Count)
        {
            metric.MarkFullyCounted(documents.Job);
        }

        return result;
    }

    /// <summary>
    /// Adds the key to what the job has counted; false when it was there. Through <see cref="JobRecord.EmittedKeys"/>:
    /// a binary search of the ordered keys, without creating the stored set.
    /// </summary>
    private static bool Emit(JobRecord job, string key) => job.EmittedKeys.Add(key);

    /// <summary>
    /// A status or duration metric with its emission key in each of its dimension sets, in the sets' order: both come
    /// from closed sets, so every job shares one instance of each, found with one lookup per status or duration.
    /// </summary>
    private sealed class SharedMetric
    {
        private static readonly ConcurrentDictionary<string, SharedMetric> Statuses = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, SharedMetric> Durations = new(StringComparer.Ordinal);
        private static int _created;

        // Its flag in JobRecord.FullyCounted; none past the 64th (never the case: the catalog has 7 statuses and 3 durations).
        private readonly ulong _bit;

        private SharedMetric(MetricDefinition definition, string key)
        {
            var index = Interlocked.Increment(ref _created) - 1;
            _bit = index < 64 ? 1UL << index : 0;
            Definition = definition;
            KeysInSets = new string[definition.DimensionSets.Count];
            for (var i = 0; i < KeysInSets.Length; i++)
            {
                KeysInSets[i] = EmissionKeys.InSet(key, definition.DimensionSets[i]);
            }
        }

        public MetricDefinition Definition { get; }

        /// <summary><see cref="EmissionKeys.InSet"/> of the metric's key and each of its sets.</summary>
        public string[] KeysInSets { get; }

        /// <summary>Whether an earlier collection found every set's key in the job's <see cref="JobRecord.Emitted"/> (which only grows).</summary>
        public bool IsFullyCounted(JobRecord job) => ReferenceEquals(job.CountedIn, job.EmittedKeys) && (job.FullyCounted & _bit) != 0;

        public void MarkFullyCounted(JobRecord job)
        {
            if (!ReferenceEquals(job.CountedIn, job.EmittedKeys))
            {
                job.CountedIn = job.EmittedKeys;
                job.FullyCounted = 0;
            }

            job.FullyCounted |= _bit;
        }

        /// <summary>A status of the catalog (the ledger keeps no other; an unknown one throws, as the catalog does).</summary>
        public static SharedMetric OfStatus(string status) =>
            Statuses.TryGetValue(status, out var metric) ? metric : Statuses.GetOrAdd(status, static s => new(MetricCatalog.Get(s), EmissionKeys.Status(s)));

        public static SharedMetric OfDuration(string metricName) =>
            Durations.TryGetValue(metricName, out var metric) ? metric : Durations.GetOrAdd(metricName, static m => new(MetricCatalog.Get(m), EmissionKeys.Duration(m)));
    }

    private static bool AllKnown(string[] set, DimensionValues values)
    {
        foreach (var name in set)
        {
            if (string.IsNullOrEmpty(values.Get(name)))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="endedAt">When the measured span ended: the metric's timestamp.</param>
    private static void AddDuration(Documents documents, string metricName, long? milliseconds, long? endedAt, bool first)
    {
        if (milliseconds is null || endedAt is null)
        {
            return;
        }

        var metric = SharedMetric.OfDuration(metricName);
        if (!metric.IsFullyCounted(job: documents.Job) && NewSets(documents, metric, documents.Values(first)) is { } sets)
        {
            documents.At(endedAt.Value, first).Metric(metric.Definition.Emf, milliseconds.Value / 1000.0, sets);
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
            builder.Metric(definition.Emf, v, definition.DimensionSets);
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
