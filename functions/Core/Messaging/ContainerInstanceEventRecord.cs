using BatchRuntimeMonitor.Core.Events;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>What <see cref="ContainerInstanceEventReader"/> keeps of an ECS container instance state change record: the event's time and detail.</summary>
public readonly record struct ContainerInstanceEventRecord(DateTimeOffset? Time, EcsContainerInstanceDetail Detail);
