using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// A CloudTrail record (the detail of "AWS API Call via CloudTrail"). Request and response shapes differ per API
/// and CloudTrail may redact or omit them, so they stay as JSON and are read defensively.
/// </summary>
public sealed class CloudTrailRecord
{
    [JsonPropertyName("eventID")] public string? EventId { get; set; }
    [JsonPropertyName("eventTime")] public DateTimeOffset? EventTime { get; set; }
    [JsonPropertyName("eventSource")] public string? EventSource { get; set; }
    [JsonPropertyName("eventName")] public string? EventName { get; set; }
    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }
    [JsonPropertyName("recipientAccountId")] public string? RecipientAccountId { get; set; }
    [JsonPropertyName("errorCode")] public string? ErrorCode { get; set; }
    [JsonPropertyName("userIdentity")] public CloudTrailUserIdentity? UserIdentity { get; set; }
    [JsonPropertyName("requestParameters")] public JsonElement RequestParameters { get; set; }
    [JsonPropertyName("responseElements")] public JsonElement ResponseElements { get; set; }
}

public sealed class CloudTrailUserIdentity
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("invokedBy")] public string? InvokedBy { get; set; }
    [JsonPropertyName("arn")] public string? Arn { get; set; }
}
