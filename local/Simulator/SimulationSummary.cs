namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>What a run wrote. Event counts are occurrences (before duplication) keyed by detail-type or CloudTrail eventName.</summary>
public sealed record SimulationSummary
{
    public required int Jobs { get; init; }

    /// <summary>EC2 instances launched over the day.</summary>
    public required int Instances { get; init; }

    /// <summary>Most EC2 instances up (booting or registered) at once: the fleet size an operator sees at the peak.</summary>
    public required int PeakInstances { get; init; }

    public required IReadOnlyDictionary<string, long> EventsByKind { get; init; }

    public required long EventsGenerated { get; init; }

    public required long DuplicatesDelivered { get; init; }

    /// <summary>Lines written over all event files: generated events plus duplicates.</summary>
    public required long LinesWritten { get; init; }

    public required IReadOnlyList<string> EventFiles { get; init; }

    public required string GroundTruthFile { get; init; }

    /// <summary>Most event lines held at once waiting for their delivery time: bounded by the delivery window, not the day.</summary>
    public required int PeakBufferedLines { get; init; }

    /// <summary>Most jobs alive (created, not ended) at once: the model's only per-job memory.</summary>
    public required int PeakLiveJobs { get; init; }

    public required DateTimeOffset FirstEventTime { get; init; }

    public required DateTimeOffset LastEventTime { get; init; }
}
