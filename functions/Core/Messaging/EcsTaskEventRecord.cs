using BatchRuntimeMonitor.Core.Events;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// What <see cref="EcsTaskEventReader"/> keeps of an ECS task state change record: the EventBridge event's time and
/// detail, and the state machine's join. A value, not an object: nothing else of the envelope is used.
/// </summary>
public readonly record struct EcsTaskEventRecord(DateTimeOffset? Time, EcsTaskDetail Detail, JoinResult? Join);
