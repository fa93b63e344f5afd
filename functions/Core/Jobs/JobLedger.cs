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

        record.JobName = FillIn(record.JobName, observation.JobName, ref changed);
        record.JobQueue = FillIn(record.JobQueue, observation.JobQueue, ref changed);
        record.JobDefinition = FillIn(record.JobDefinition, observation.JobDefinition, ref changed);
        record.ComputeEnvironment = FillIn(record.ComputeEnvironment, observation.ComputeEnvironment, ref changed);
        record.ParentJobId = FillIn(record.ParentJobId, observation.ParentJobId, ref changed);
        record.ArrayIndex = FillIn(record.ArrayIndex, observation.ArrayIndex, ref changed);
        record.ArraySize = FillIn(record.ArraySize, observation.ArraySize, ref changed);
        record.NodeIndex = FillIn(record.NodeIndex, observation.NodeIndex, ref changed);

        record.CreatedAt = Moved(record.CreatedAt, Min(record.CreatedAt, observation.CreatedAt), ref changed);
        record.FirstObservedAt = Moved(record.FirstObservedAt, Min(record.FirstObservedAt, observation.ObservedAt ?? observation.StatusAt), ref changed);

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

        attempt.TaskArn = FillIn(attempt.TaskArn, observation.TaskArn, ref changed);
        attempt.ContainerInstanceArn = FillIn(attempt.ContainerInstanceArn, observation.ContainerInstanceArn, ref changed);
        attempt.LogStreamName = FillIn(attempt.LogStreamName, observation.LogStreamName, ref changed);
        attempt.ExitCode = FillIn(attempt.ExitCode, observation.ExitCode, ref changed);
        attempt.StatusReason = FillIn(attempt.StatusReason, observation.StatusReason, ref changed);
        attempt.ContainerReason = FillIn(attempt.ContainerReason, observation.ContainerReason, ref changed);
        attempt.StartedAt = Moved(attempt.StartedAt, Min(attempt.StartedAt, observation.StartedAt), ref changed);
        attempt.StoppedAt = Moved(attempt.StoppedAt, Max(attempt.StoppedAt, observation.StoppedAt), ref changed);
        attempt.InstanceId = FillIn(attempt.InstanceId, observation.InstanceId, ref changed);
        attempt.InstanceType = FillIn(attempt.InstanceType, observation.InstanceType, ref changed);
        attempt.AvailabilityZone = FillIn(attempt.AvailabilityZone, observation.AvailabilityZone, ref changed);
        attempt.Architecture = FillIn(attempt.Architecture, observation.Architecture, ref changed);
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

    /// <summary>The first non-empty value: the current one, else the observed one, which then changes the record.</summary>
    private static string? FillIn(string? current, string? observed, ref bool changed)
    {
        changed |= current is null && observed is not null;
        return current ?? observed;
    }

    /// <inheritdoc cref="FillIn(string?, string?, ref bool)"/>
    private static int? FillIn(int? current, int? observed, ref bool changed)
    {
        changed |= current is null && observed is not null;
        return current ?? observed;
    }

    /// <summary>The merged value of a first-seen minimum or last-seen maximum, noting whether it moved.</summary>
    private static long? Moved(long? current, long? merged, ref bool changed)
    {
        changed |= merged != current;
        return merged;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
