namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>The bytes [Start, End) of the spill file written by one spill: its records sorted by key, each key once.</summary>
internal readonly record struct SpillSegment(long Start, long End);
