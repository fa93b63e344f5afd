using BatchRuntimeMonitor.Core.Events;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>What <see cref="SubmitJobCallReader"/> keeps of a SubmitJob call record: the event's time (the call's fallback) and the call.</summary>
public readonly record struct SubmitJobCallRecord(DateTimeOffset? Time, SubmitJobCallDetail Detail);
