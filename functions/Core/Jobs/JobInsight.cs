namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>
/// The job insight record: one log line per finished job, queried by the Logs Insights widgets. Field names are
/// those of shared/design.md; durations whose ends were never seen are absent (nulls are not written).
/// </summary>
public class JobInsight
{
    public const string InsightRecordType = "JobInsight";

    public string RecordType { get; set; } = InsightRecordType;
    public string? JobName { get; set; }
    public string JobId { get; set; } = "";
    public string? JobQueue { get; set; }
    public string? JobDefinition { get; set; }
    public string? Status { get; set; }
    public string? StatusReason { get; set; }
    public int? ExitCode { get; set; }
    public string? ComputeEnvironment { get; set; }
    public string? InstanceId { get; set; }
    public string? InstanceType { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? Architecture { get; set; }
    public string? LogStreamName { get; set; }
    public int Attempts { get; set; }
    public string? ParentJobId { get; set; }
    public int? ArrayIndex { get; set; }

    /// <summary>
    /// An array parent's number of children (absent on any other job): the dashboards leave parents out of their
    /// counts, since a parent runs nothing itself and its status follows its children's.
    /// </summary>
    public int? ArraySize { get; set; }
    public double? RunnableSeconds { get; set; }
    public double? StartingSeconds { get; set; }
    public double? RunningSeconds { get; set; }
    public long? CreatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? StoppedAt { get; set; }

    public static JobInsight From(JobRecord job)
    {
        var insight = new JobInsight();
        insight.CopyFrom(job);
        return insight;
    }

    /// <summary>This record refilled from <paramref name="job"/>: for a writer that reuses one record per job (every field is set).</summary>
    internal JobInsight Refill(JobRecord job)
    {
        CopyFrom(job);
        return this;
    }

    /// <summary>Derives every field from the ledger record; the ledger line reuses this so the two never differ.</summary>
    protected void CopyFrom(JobRecord job)
    {
        var last = job.LastAttempt;
        // An array parent on a Fargate queue never ran anything itself: it gets no FARGATE attribution.
        var fargate = job.Platform == JobObservations.Fargate && job.Attempts.Count > 0;
        JobName = job.JobName;
        JobId = job.JobId;
        JobQueue = job.JobQueue;
        JobDefinition = job.JobDefinition;
        Status = job.Status;
        StatusReason = job.StatusReason;
        ExitCode = last?.ExitCode;
        ComputeEnvironment = job.ComputeEnvironment;
        InstanceId = fargate ? JobObservations.Fargate : last?.InstanceId;
        InstanceType = fargate ? JobObservations.Fargate : last?.InstanceType;
        AvailabilityZone = last?.AvailabilityZone;
        Architecture = last?.Architecture;
        LogStreamName = last?.LogStreamName;
        Attempts = job.Attempts.Count;
        ParentJobId = job.ParentJobId;
        ArrayIndex = job.ArrayIndex;
        ArraySize = job.ArraySize;
        RunnableSeconds = JobDurations.Seconds(JobDurations.RunnableMs(job));
        StartingSeconds = JobDurations.Seconds(JobDurations.StartingMs(job));
        RunningSeconds = JobDurations.Seconds(JobDurations.RunningMs(job));
        CreatedAt = job.CreatedAt;
        StartedAt = last?.StartedAt;
        StoppedAt = last?.StoppedAt;
    }
}

/// <summary>
/// A line of the local ledger file (jobs.jsonl): the insight fields plus the ledger's detail (status timeline,
/// every attempt, dependencies), for `brm jobs` and offline analysis.
/// </summary>
public sealed class JobLedgerLine : JobInsight
{
    public IReadOnlyDictionary<string, long>? StatusFirstSeen { get; set; }
    public IReadOnlyList<JobAttempt>? AttemptDetails { get; set; }
    public IReadOnlyList<JobDependency>? DependsOn { get; set; }
    public int? NodeIndex { get; set; }
    public string? Platform { get; set; }

    public static JobLedgerLine FromRecord(JobRecord job)
    {
        var line = new JobLedgerLine { RecordType = "JobLedger" };
        line.CopyFrom(job);
        line.StatusFirstSeen = job.StatusFirstSeen;
        line.AttemptDetails = job.Attempts;
        line.DependsOn = job.DependsOn.Count > 0 ? job.DependsOn : null;
        line.NodeIndex = job.NodeIndex;
        line.Platform = job.Platform;
        return line;
    }
}
