using BatchRuntimeMonitor.Core.Lambda;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>An SQS event source mapping of the template: which function drains a queue, and how.</summary>
public sealed record QueueConsumer(string QueueLogicalId, string FunctionLogicalId, string Handler, SqsFunctionHandler Function, int BatchSize, TimeSpan BatchingWindow, int MaxReceiveCount);
