using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Lambda;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// An SQS event source mapping of the template: which function drains a queue, and how. A message the function
/// fails becomes visible again after the queue's <paramref name="VisibilityTimeout"/>.
/// </summary>
public sealed record QueueConsumer(string QueueLogicalId, string FunctionLogicalId, string Handler, SqsFunctionHandler Function, int BatchSize, TimeSpan BatchingWindow, int MaxReceiveCount,
    TimeSpan VisibilityTimeout)
{
    /// <summary>
    /// The registration function writes what the state machines' join reads (an instance's type, zone and
    /// architecture), so the join must see its batches in step with the executions (<see cref="RegistrationFence"/>).
    /// The other functions only leave placeholders there, which the join treats as not found.
    /// </summary>
    public bool WritesRegistrations => Function.Processor is InstanceRegistrationProcessor;
}
