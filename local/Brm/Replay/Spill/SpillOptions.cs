namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>When a replay moves settled records out of memory (see <see cref="SpillingRecordStore{TRecord}"/>).</summary>
public sealed record SpillOptions
{
    /// <summary>
    /// How long, in event time, a settled record stays in memory after its last change: events reordered or
    /// duplicated within it cost no disk read. Memory only: a later event still finds the record on disk.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Input events between two looks for settled records (each look scans the records in memory).</summary>
    public int CheckEveryEvents { get; init; } = 10_000;
}
