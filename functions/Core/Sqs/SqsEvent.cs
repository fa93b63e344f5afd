using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Sqs;

/// <summary>The event Lambda's SQS event source mapping passes to a function (only the fields we use).</summary>
public sealed class SqsEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<SqsMessage> Records { get; set; } = [];
}

public sealed class SqsMessage
{
    [JsonPropertyName("messageId")] public string MessageId { get; set; } = "";
    [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; set; }
    [JsonPropertyName("body")] public string Body { get; set; } = "";

    /// <summary>
    /// The body as UTF-8, when the caller already holds it so (the local runner's queues): the functions read bodies
    /// as UTF-8, so it is used instead of <see cref="Body"/>, which is then not read. Lambda never sets it.
    /// </summary>
    [JsonIgnore] public ReadOnlyMemory<byte>? Utf8Body { get; set; }
    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; set; }
    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string>? Attributes { get; set; }
}

/// <summary>The partial batch response: only the listed messages return to the queue (ReportBatchItemFailures).</summary>
public sealed class SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")] public List<SqsBatchItemFailure> BatchItemFailures { get; set; } = [];
}

public sealed class SqsBatchItemFailure
{
    [JsonPropertyName("itemIdentifier")] public string ItemIdentifier { get; set; } = "";
}
