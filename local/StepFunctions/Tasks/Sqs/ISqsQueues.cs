using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>SQS queues as the sendMessage integration sees them, addressed by queue URL.</summary>
public interface ISqsQueues
{
    bool QueueExists(string queueUrl);

    void Send(SqsMessage message);
}

/// <summary>One sent message, as the integration delivered it (Body is the exact string SQS would store).</summary>
public sealed record SqsMessage(
    string QueueUrl,
    string MessageId,
    string Body,
    string Md5OfBody,
    JsonObject? MessageAttributes,
    int DelaySeconds,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    DateTimeOffset SentAt);
