using BatchRuntimeMonitor.Core.Events;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// What <see cref="BatchJobEventReader"/> keeps of a Batch job event record: the EventBridge event's time and
/// detail, and the state machine's join. A value, not an object: nothing else of the envelope is used.
/// </summary>
public readonly record struct BatchJobEventRecord(DateTimeOffset? Time, BatchJobDetail Detail, JoinResult? Join);
