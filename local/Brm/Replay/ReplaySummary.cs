namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>summary.json: what a replay read, matched, rejected and counted.</summary>
public sealed class ReplaySummary
{
    public long EventsRead { get; set; }
    public long EventsMatched { get; set; }
    public long EventsUnmatched { get; set; }

    /// <summary><see cref="EventsUnmatched"/> per kind, most first (<see cref="UnmatchedEventKinds"/>).</summary>
    public Dictionary<string, long> EventsUnmatchedByKind { get; set; } = new(StringComparer.Ordinal);

    public long EventsRejected { get; set; }
    public long MalformedInputs { get; set; }

    /// <summary>
    /// Files found in the folders given that were not read, each as "path: why": their names are not event files'
    /// (.json, .jsonl, .ndjson) and they do not start like events (a README beside an archive, say).
    /// </summary>
    public List<string> FilesNotRead { get; set; } = [];
    public long Executions { get; set; }
    public long ExecutionsFailed { get; set; }
    public long ExecutionStateTransitions { get; set; }
    public Dictionary<string, long> ExecutionsByStateMachine { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> MessagesByQueue { get; set; } = new(StringComparer.Ordinal);
    public long MessageBytes { get; set; }
    public long JoinsFound { get; set; }
    public long JoinsNotFound { get; set; }
    public long FunctionBatches { get; set; }
    public long FunctionRecords { get; set; }
    public long DeadLetters { get; set; }

    /// <summary>
    /// <see cref="DeadLetters"/> per stage that wrote them: "input" (lines, files and events rejected as read),
    /// "state-machine" (failed executions, and messages sent to a queue no function reads), "function" (messages a
    /// function failed MaxReceiveCount times).
    /// </summary>
    public SortedDictionary<string, long> DeadLettersByStage { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The dead letters that are SQS messages in the deployed stack, what its dead-letter queues receive: a message a
    /// state machine sent to a queue no function reads, and a message a function failed MaxReceiveCount times. The
    /// rest of <see cref="DeadLetters"/> (rejected input, failed executions) are records of the local run only.
    /// </summary>
    public long DeadLetterMessages { get; set; }

    /// <summary>
    /// The functions' writes to the stores that succeeded (instance registry, job ledger, event markers): the
    /// conditional puts the deployed stack makes. A merge that changes nothing (a duplicate event) writes nothing, so
    /// this is fewer than the records delivered.
    /// </summary>
    public long StoreWrites { get; set; }
    public long EmfDocuments { get; set; }
    public long EmfBytes { get; set; }
    public long InsightRecords { get; set; }
    public long InsightBytes { get; set; }
    public long Jobs { get; set; }
    public long Instances { get; set; }
    public long IgnoredTasks { get; set; }
    public double ElapsedSeconds { get; set; }
    public double EventsPerSecond { get; set; }
    public DateTimeOffset? FirstEventTime { get; set; }
    public DateTimeOffset? LastEventTime { get; set; }
    public List<string> EmfViolations { get; set; } = [];
    public SortedDictionary<string, SortedDictionary<string, double>> Metrics { get; set; } = new(StringComparer.Ordinal);
}
