namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>What one spilling store did during a replay: how much stayed in memory, went to disk and came back.</summary>
public sealed record SpillStatistics
{
    /// <summary>Records in memory at the end, and at most at any time.</summary>
    public long Live { get; init; }
    public long PeakLive { get; init; }

    /// <summary>Entries of the in-memory index: the keys that have a spilled copy (fewer only if two keys' 64-bit hashes collide).</summary>
    public long SpilledKeys { get; init; }

    /// <summary>Records written to the spill file, counting a key again each time it is re-spilled after a change.</summary>
    public long RecordsWritten { get; init; }

    /// <summary>Spilled records a later read or write loaded back into memory (late or duplicate events).</summary>
    public long Reloaded { get; init; }

    public long Segments { get; init; }
    public long FileBytes { get; init; }
    public long IndexBytes { get; init; }
}
