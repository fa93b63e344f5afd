using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>SQS queues as the sendMessage integration sees them, addressed by queue URL.</summary>
public interface ISqsQueues
{
    bool QueueExists(string queueUrl);

    void Send(SqsMessage message);
}

/// <summary>
/// One sent message, as the integration delivered it. <see cref="Utf8Body"/> holds the exact bytes SQS would store
/// (never changed once sent); <see cref="Body"/> is the same text as a string, made on first use, so a consumer
/// that reads UTF-8 never pays for it. A body the Task state wrote is a <see cref="PooledMessageBody"/>: a queue that
/// knows when nothing reads it any more may release it (read after that, it throws).
/// </summary>
public sealed record SqsMessage(
    string QueueUrl,
    string MessageId,
    ReadOnlyMemory<byte> Utf8Body,
    string Md5OfBody,
    JsonObject? MessageAttributes,
    int DelaySeconds,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    DateTimeOffset SentAt)
{
    private string? _body;

    public string Body => _body ??= Encoding.UTF8.GetString(Utf8Body.Span);
}
