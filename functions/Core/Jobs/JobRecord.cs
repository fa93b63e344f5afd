namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>
/// One job's entry in the ledger. Every field is a commutative, idempotent merge of observations (first-seen
/// minimums, unions, first non-empty values), so the same events in any order with duplicates give this record.
/// </summary>
public sealed class JobRecord
{
    private const int StatusCapacity = 7; // JobStatus.All

    public required string JobId { get; init; }
    public string? JobName { get; set; }
    public string? JobQueue { get; set; }

    /// <summary>name:revision, as the ledger and the insight record keep it.</summary>
    public string? JobDefinition { get; set; }

    public string? ComputeEnvironment { get; set; }
    public string? Platform { get; set; }
    public string? ParentJobId { get; set; }
    public int? ArrayIndex { get; set; }
    public int? ArraySize { get; set; }
    public int? NodeIndex { get; set; }
    public long? CreatedAt { get; set; }

    /// <summary>Earliest event time of any event about the job (epoch ms): a timestamp for what has no status time yet.</summary>
    public long? FirstObservedAt { get; set; }

    /// <summary>Status -> first time seen (epoch ms).</summary>
    /// <remarks>
    /// Sized for every status from the start: a job goes through five or six, and growing from the default size
    /// allocated the entries twice over for every job of a day. Enumeration stays in insertion order either way.
    /// </remarks>
    public Dictionary<string, long> StatusFirstSeen { get; set; } = new(StatusCapacity, StringComparer.Ordinal);

    /// <summary>The newest non-terminal status by event time; terminal statuses override it.</summary>
    public string? LatestStatus { get; set; }
    public long? LatestStatusAt { get; set; }

    /// <summary>The reason of the event that decided <see cref="Status"/>.</summary>
    public string? StatusReason { get; set; }
    public long? StatusReasonAt { get; set; }

    // Created on first use: most job events carry no status reason and no dependencies, and a record is created for
    // every new job (docs/performance.md). Reading the property creates it, so what is stored does not change.
    private SortedDictionary<string, JobStatusReason>? _statusReasons;
    private List<JobDependency>? _dependsOn;

    /// <summary>The latest reason seen per status; <see cref="StatusReason"/> is chosen from these, whatever the arrival order.</summary>
    public SortedDictionary<string, JobStatusReason> StatusReasons
    {
        get => _statusReasons ??= new(StringComparer.Ordinal);
        set => _statusReasons = value;
    }

    /// <summary>Whether any status reason was kept, without creating <see cref="StatusReasons"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasStatusReasons => _statusReasons is { Count: > 0 };

    public List<JobAttempt> Attempts { get; set; } = [];

    public List<JobDependency> DependsOn
    {
        get => _dependsOn ??= [];
        set => _dependsOn = value;
    }

    /// <summary>
    /// What has already been counted in metrics or written as an insight record (see <see cref="Jobs.EmissionKeys"/>).
    /// Only ever added to: a key once counted stays counted.
    /// </summary>
    /// <remarks>
    /// The stored form. The ledger keeps the keys in <see cref="EmittedKeys"/> (an ordered array) and creates this set
    /// only when it is asked for (the JSON mapping, callers), after which the set holds them.
    /// </remarks>
    public SortedSet<string> Emitted
    {
        get => _emitted.AsSet();
        set => _emitted = new EmittedKeys(value ?? throw new ArgumentNullException(nameof(value)));
    }

    private EmittedKeys _emitted = new();

    /// <summary>The keys of <see cref="Emitted"/> without creating its set: lookups, adds and the keys in ordinal order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public EmittedKeys EmittedKeys
    {
        get => _emitted;
        set => _emitted = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The status and duration metrics whose every dimension set <see cref="Emitted"/> was found to hold (bits of
    /// JobEmissions' shared metrics), so later events skip them; meaningful only for the set instance in
    /// <see cref="CountedIn"/> (Emitted only grows), and never stored.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal ulong FullyCounted { get; set; }

    /// <summary>The <see cref="EmittedKeys"/> instance <see cref="FullyCounted"/> and the attempts' placement flags were found in (a new <see cref="Emitted"/> is a new instance).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal EmittedKeys? CountedIn { get; set; }

    public long? ExpiresAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? Status => TerminalStatus ?? LatestStatus;

    /// <summary>SUCCEEDED or FAILED; if both were ever seen (a re-driven job), the later one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TerminalStatus
    {
        get
        {
            var succeeded = StatusFirstSeen.TryGetValue(JobStatus.Succeeded, out var s) ? s : (long?)null;
            var failed = StatusFirstSeen.TryGetValue(JobStatus.Failed, out var f) ? f : (long?)null;
            return (succeeded, failed) switch
            {
                (null, null) => null,
                (not null, null) => JobStatus.Succeeded,
                (null, not null) => JobStatus.Failed,
                _ => succeeded > failed ? JobStatus.Succeeded : JobStatus.Failed,
            };
        }
    }

    /// <summary>The attempt that ran last: the latest start, ties broken by task ARN so the choice is order-free.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public JobAttempt? LastAttempt
    {
        get
        {
            JobAttempt? last = null;
            foreach (var attempt in Attempts)
            {
                if (last is null || Compare(attempt, last) > 0)
                {
                    last = attempt;
                }
            }

            return last;
        }
    }

    private static int Compare(JobAttempt a, JobAttempt b)
    {
        var byStart = (a.StartedAt ?? long.MinValue).CompareTo(b.StartedAt ?? long.MinValue);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.Key, b.Key);
    }
}

/// <summary>One attempt: an ECS task (EC2 or Fargate) that ran the job.</summary>
public sealed class JobAttempt
{
    /// <summary>The task ARN, or "#&lt;index&gt;" for an attempt reported without one.</summary>
    public required string Key { get; init; }
    public string? TaskArn { get; set; }
    public string? ContainerInstanceArn { get; set; }
    public string? LogStreamName { get; set; }
    public int? ExitCode { get; set; }
    public string? StatusReason { get; set; }
    public string? ContainerReason { get; set; }
    public long? StartedAt { get; set; }
    public long? StoppedAt { get; set; }
    public string? InstanceId { get; set; }
    public string? InstanceType { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? Architecture { get; set; }

    /// <summary>
    /// The attempt's placement emission keys (<see cref="EmissionKeys.PlacedInSet"/>), one per JobsPlaced dimension set,
    /// each built when first needed: every later event of the job checks them against <see cref="JobRecord.Emitted"/>,
    /// and built anew they were a few hundred bytes per event. Derived from <see cref="Key"/> alone, never stored.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal string?[]? PlacedKeys { get; set; }

    /// <summary>The <see cref="JobRecord.EmittedKeys"/> instance found to hold every one of <see cref="PlacedKeys"/>: the placement is counted in every set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal EmittedKeys? PlacementCountedIn { get; set; }
}

public sealed record JobDependency(string JobId, string? Type);

/// <summary>A status reason and the time of the event that gave it.</summary>
public sealed record JobStatusReason(long At, string Reason);
