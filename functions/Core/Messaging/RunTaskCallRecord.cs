using BatchRuntimeMonitor.Core.Events;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>What <see cref="RunTaskCallReader"/> keeps of a RunTask call record: the event's time and id (the call's fallbacks) and the call.</summary>
public readonly record struct RunTaskCallRecord(DateTimeOffset? Time, string? Id, RunTaskCallDetail Detail);
