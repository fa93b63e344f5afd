namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>The pure, order-independent merge of a job observation into the ledger record.</summary>
public static class JobLedger
{
    public static JobRecord Merge(JobRecord? current, JobObservation observation)
    {
        var record = current ?? new JobRecord { JobId = observation.JobId };
        record.JobName ??= observation.JobName;
        record.JobQueue ??= observation.JobQueue;
        record.JobDefinition ??= observation.JobDefinition;
        record.ComputeEnvironment ??= observation.ComputeEnvironment;
        record.ParentJobId ??= observation.ParentJobId;
        record.ArrayIndex ??= observation.ArrayIndex;
        record.ArraySize ??= observation.ArraySize;
        record.NodeIndex ??= observation.NodeIndex;
        record.CreatedAt = Min(record.CreatedAt, observation.CreatedAt);
        record.FirstObservedAt = Min(record.FirstObservedAt, observation.ObservedAt ?? observation.StatusAt);

        // FARGATE wins over EC2 whichever arrives first: only Fargate events ever say FARGATE.
        if (observation.Platform is not null && record.Platform != "FARGATE")
        {
            record.Platform = observation.Platform;
        }

        MergeStatus(record, observation);
        // Indexed loops: foreach over the IReadOnlyList members would box an enumerator per event.
        for (var i = 0; i < observation.Attempts.Count; i++)
        {
            MergeAttempt(record, observation.Attempts[i]);
        }

        for (var i = 0; i < observation.DependsOn.Count; i++)
        {
            var dependency = observation.DependsOn[i];
            if (!record.DependsOn.Contains(dependency))
            {
                record.DependsOn.Add(dependency);
                record.DependsOn.Sort(static (a, b) => string.CompareOrdinal(a.JobId, b.JobId) is var c && c != 0 ? c : string.CompareOrdinal(a.Type, b.Type));
            }
        }

        return record;
    }

    private static void MergeStatus(JobRecord record, JobObservation observation)
    {
        if (observation.Status is not { } status || !JobStatus.IsKnown(status) || observation.StatusAt is not { } at)
        {
            return;
        }

        if (!record.StatusFirstSeen.TryGetValue(status, out var firstSeen) || at < firstSeen)
        {
            record.StatusFirstSeen[status] = at;
        }

        if (!JobStatus.IsTerminal(status) && IsLater(at, status, record.LatestStatusAt, record.LatestStatus))
        {
            record.LatestStatus = status;
            record.LatestStatusAt = at;
        }

        // The reason shown is the one of the event that decides the status: terminal beats non-terminal, then later beats
        // earlier. Decided from the best reason seen per status, not from the reason stored so far, so that it does not
        // depend on which event came first (a terminal event without a reason must not freeze an earlier RUNNABLE one).
        if (observation.StatusReason is { Length: > 0 } reason
            && (!record.StatusReasons.TryGetValue(status, out var seen) || at > seen.At || (at == seen.At && string.CompareOrdinal(reason, seen.Reason) > 0)))
        {
            record.StatusReasons[status] = new JobStatusReason(at, reason);
        }

        if (record.HasStatusReasons && DecidingReason(record) is { } decided)
        {
            record.StatusReason = decided.Reason;
            record.StatusReasonAt = decided.At;
        }
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

    private static void MergeAttempt(JobRecord record, AttemptObservation observation)
    {
        var attempt = Find(record, observation);
        if (attempt is null)
        {
            attempt = new JobAttempt { Key = observation.Key };
            record.Attempts.Add(attempt);

            // Keys never change, so only an added attempt can put the list out of key order (most events find theirs).
            record.Attempts.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        attempt.TaskArn ??= observation.TaskArn;
        attempt.ContainerInstanceArn ??= observation.ContainerInstanceArn;
        attempt.LogStreamName ??= observation.LogStreamName;
        attempt.ExitCode ??= observation.ExitCode;
        attempt.StatusReason ??= observation.StatusReason;
        attempt.ContainerReason ??= observation.ContainerReason;
        attempt.StartedAt = Min(attempt.StartedAt, observation.StartedAt);
        attempt.StoppedAt = Max(attempt.StoppedAt, observation.StoppedAt);
        attempt.InstanceId ??= observation.InstanceId;
        attempt.InstanceType ??= observation.InstanceType;
        attempt.AvailabilityZone ??= observation.AvailabilityZone;
        attempt.Architecture ??= observation.Architecture;
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
