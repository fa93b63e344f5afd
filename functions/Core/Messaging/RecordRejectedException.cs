namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// A record that cannot be processed as it is (malformed, unknown kind, wrong schema). The batch processor reports
/// it by message id with this reason; SQS redelivers it and finally moves it to the queue's dead-letter queue.
/// </summary>
public sealed class RecordRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
