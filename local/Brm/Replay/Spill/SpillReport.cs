namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>What the spilling stores of one replay did (not part of summary.json, whose content does not depend on spilling).</summary>
public sealed record SpillReport(SpillStatistics Jobs, SpillStatistics Markers);
