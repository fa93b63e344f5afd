using BatchRuntimeMonitor.Core.Events;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// What the registration function keeps of a RegisterContainerInstance or DeregisterContainerInstance call record:
/// the event's time, region and account (the call's fallbacks) and the call.
/// </summary>
public readonly record struct ContainerInstanceCallRecord(DateTimeOffset? Time, string? Region, string? Account, ContainerInstanceCallDetail Detail);
