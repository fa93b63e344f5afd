namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>The pure, order-independent merge of a job observation into the ledger record.</summary>
public static class JobLedger
{
    public static JobRecord Merge(JobRecord? current, JobObservation observation) => Merge(current, observation, out _);

    /// <summary>The merge, saying whether it changed the record.</summary>
    /// <param name="changed">
    /// True when the record is new or any of its values changed; false for an observation the record already holds
    /// (a duplicate event, or one that only repeats what others said): nothing to write and nothing newly countable.
    /// </param>
    public static JobRecord Merge(JobRecord? current, JobObservation observation, out bool changed)
    {
        changed = current is null;
        var record = current ?? new JobRecord { JobId = observation.JobId };

        // Each first-non-empty value changes the record only when it fills a gap.
        changed |= record.JobName is null && observation.JobName is not null;
        record.JobName ??= observation.JobName;
        changed |= record.JobQueue is null && observation.JobQueue is not null;
        record.JobQueue ??= observation.JobQueue;
        changed |= record.JobDefinition is null && observation.JobDefinition is not null;
        record.JobDefinition ??= observation.JobDefinition;
        changed |= record.ComputeEnvironment is null && observation.ComputeEnvironment is not null;
        record.ComputeEnvironment ??= observation.ComputeEnvironment;
        changed |= record.ParentJobId is null && observation.ParentJobId is not null;
        record.ParentJobId ??= observation.ParentJobId;
        changed |= record.ArrayIndex is null && observation.ArrayIndex is not null;
        record.ArrayIndex ??= observation.ArrayIndex;
        changed |= record.ArraySize is null && observation.ArraySize is not null;
        record.ArraySize ??= observation.ArraySize;
        changed |= record.NodeIndex is null && observation.NodeIndex is not null;
        record.NodeIndex ??= observation.NodeIndex;

        var createdAt = Min(record.CreatedAt, observation.CreatedAt);
        changed |= createdAt != record.CreatedAt;
        record.CreatedAt = createdAt;
        var firstObservedAt = Min(record.FirstObservedAt, observation.ObservedAt ?? observation.StatusAt);
        changed |= firstObservedAt != record.FirstObservedAt;
        record.FirstObservedAt = firstObservedAt;

        // FARGATE wins over EC2 whichever arrives first: only Fargate events ever say FARGATE.
        if (observation.Platform is not null && record.Platform != "FARGATE")
        {
            changed |= record.Platform != observation.Platform;
            record.Platform = observation.Platform;
        }

        changed |= MergeStatus(record, observation);
        // Indexed loops: foreach over the IReadOnlyList members would box an enumerator per event.
        for (var i = 0; i < observation.Attempts.Count; i++)
        {
            changed |= MergeAttempt(record, observation.Attempts[i]);
        }

        for (var i = 0; i < observation.DependsOn.Count; i++)
        {
            var dependency = observation.DependsOn[i];
            if (!record.DependsOn.Contains(dependency))
            {
                record.DependsOn.Add(dependency);
                record.DependsOn.Sort(static (a, b) => string.CompareOrdinal(a.JobId, b.JobId) is var c && c != 0 ? c : string.CompareOrdinal(a.Type, b.Type));
                changed = true;
            }
        }

        return record;
    }

    /// <returns>Whether the record changed.</returns>
    private static bool MergeStatus(JobRecord record, JobObservation observation)
    {
        if (observation.Status is not { } status || !JobStatus.IsKnown(status) || observation.StatusAt is not { } at)
        {
            return false;
        }

        var changed = false;
        if (!record.StatusFirstSeen.TryGetValue(status, out var firstSeen) || at < firstSeen)
        {
            record.StatusFirstSeen[status] = at;
            changed = true;
        }

        if (!JobStatus.IsTerminal(status) && IsLater(at, status, record.LatestStatusAt, record.LatestStatus))
        {
            // Later, or as late and of a higher rank: always another status or time than the one it replaces.
            record.LatestStatus = status;
            record.LatestStatusAt = at;
            changed = true;
        }

        // The reason shown is the one of the event that decides the status: terminal beats non-terminal, then later beats
        // earlier. Decided from the best reason seen per status, not from the reason stored so far, so that it does not
        // depend on which event came first (a terminal event without a reason must not freeze an earlier RUNNABLE one).
        if (observation.StatusReason is { Length: > 0 } reason
            && (!record.StatusReasons.TryGetValue(status, out var seen) || at > seen.At || (at == seen.At && string.CompareOrdinal(reason, seen.Reason) > 0)))
        {
            record.StatusReasons[status] = new JobStatusReason(at, reason);
            changed = true;
        }

        if (record.HasStatusReasons && DecidingReason(record) is { } decided)
        {
            changed |= record.StatusReason != decided.Reason || record.StatusReasonAt != decided.At;
            record.StatusReason = decided.Reason;
            record.StatusReasonAt = decided.At;
        }

        return changed;
    }

    private static JobStatusReason? DecidingReason(JobRecord record)
    {
        if (record.TerminalStatus is { } terminal && record.StatusReasons.TryGetValue(terminal, out var final))
        {
            return final;
        }

        JobStatusReason? best = null;
        var bestRank = -1;
        foreach (var (status, candidate) in record.StatusReasons)
        {
            var rank = JobStatus.Rank(status);
            if (best is null || candidate.At > best.At || (candidate.At == best.At && (rank > bestRank || (rank == bestRank && string.CompareOrdinal(candidate.Reason, best.Reason) > 0))))
            {
                best = candidate;
                bestRank = rank;
            }
        }

        return best;
    }

    private static bool IsLater(long at, string status, long? currentAt, string? currentStatus) =>
        currentAt is null || at > currentAt || (at == currentAt && JobStatus.Rank(status) > JobStatus.Rank(currentStatus!));

    /// <returns>Whether the record changed (an attempt added, or a value of one filled in or moved).</returns>
    private static bool MergeAttempt(JobRecord record, AttemptObservation observation)
    {
        var attempt = Find(record, observation);
        var changed = attempt is null;
        if (attempt is null)
        {
            attempt = new JobAttempt { Key = observation.Key };
            record.Attempts.Add(attempt);

            // Keys never change, so only an added attempt can put the list out of key order (most events find theirs).
            record.Attempts.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        changed |= attempt.TaskArn is null && observation.TaskArn is not null;
        attempt.TaskArn ??= observation.TaskArn;
        changed |= attempt.ContainerInstanceArn is null && observation.ContainerInstanceArn is not null;
        attempt.ContainerInstanceArn ??= observation.ContainerInstanceArn;
        changed |= attempt.LogStreamName is null && observation.LogStreamName is not null;
        attempt.LogStreamName ??= observation.LogStreamName;
        changed |= attempt.ExitCode is null && observation.ExitCode is not null;
        attempt.ExitCode ??= observation.ExitCode;
        changed |= attempt.StatusReason is null && observation.StatusReason is not null;
        attempt.StatusReason ??= observation.StatusReason;
        changed |= attempt.ContainerReason is null && observation.ContainerReason is not null;
        attempt.ContainerReason ??= observation.ContainerReason;
        var startedAt = Min(attempt.StartedAt, observation.StartedAt);
        changed |= startedAt != attempt.StartedAt;
        attempt.StartedAt = startedAt;
        var stoppedAt = Max(attempt.StoppedAt, observation.StoppedAt);
        changed |= stoppedAt != attempt.StoppedAt;
        attempt.StoppedAt = stoppedAt;
        changed |= attempt.InstanceId is null && observation.InstanceId is not null;
        attempt.InstanceId ??= observation.InstanceId;
        changed |= attempt.InstanceType is null && observation.InstanceType is not null;
        attempt.InstanceType ??= observation.InstanceType;
        changed |= attempt.AvailabilityZone is null && observation.AvailabilityZone is not null;
        attempt.AvailabilityZone ??= observation.AvailabilityZone;
        changed |= attempt.Architecture is null && observation.Architecture is not null;
        attempt.Architecture ??= observation.Architecture;
        return changed;
    }

    private static JobAttempt? Find(JobRecord record, AttemptObservation observation)
    {
        foreach (var attempt in record.Attempts)
        {
            if (attempt.Key == observation.Key || (observation.TaskArn is not null && attempt.TaskArn == observation.TaskArn))
            {
                return attempt;
            }
        }

        return null;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
