namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>One line of dlq.jsonl: what was rejected, where, and why.</summary>
public sealed record DeadLetter(string Stage, string Where, string Reason, string? EventId, string? Body);
