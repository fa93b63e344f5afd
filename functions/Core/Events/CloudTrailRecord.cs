using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// A CloudTrail record (the detail of "AWS API Call via CloudTrail"). Request and response shapes differ per API
/// and CloudTrail may redact or omit them, so they stay as JSON and are read defensively.
/// </summary>
public sealed class CloudTrailRecord
{
    [JsonPropertyName("eventID")] public string? EventId { get; init; }
    [JsonPropertyName("eventTime")] public DateTimeOffset? EventTime { get; init; }
    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }
    [JsonPropertyName("eventName")] public string? EventName { get; init; }
    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }
    [JsonPropertyName("recipientAccountId")] public string? RecipientAccountId { get; init; }
    [JsonPropertyName("errorCode")] public string? ErrorCode { get; init; }
    [JsonPropertyName("userIdentity")] public CloudTrailUserIdentity? UserIdentity { get; init; }
    [JsonPropertyName("requestParameters")] public JsonElement RequestParameters { get; init; }
    [JsonPropertyName("responseElements")] public JsonElement ResponseElements { get; init; }
}

public sealed class CloudTrailUserIdentity
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("invokedBy")] public string? InvokedBy { get; init; }
    [JsonPropertyName("arn")] public string? Arn { get; init; }
}
