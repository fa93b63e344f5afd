using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge;

/// <summary>
/// Wraps a raw CloudTrail record the way EventBridge delivers it: an "AWS API Call via CloudTrail" event whose
/// detail is the record, source "aws.&lt;service&gt;" from eventSource, time/region/account from the record.
/// </summary>
public static class CloudTrailEnvelope
{
    public const string DetailType = "AWS API Call via CloudTrail";

    public static JsonObject Wrap(JsonNode record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var detail = record.DeepClone().AsObject();
        var eventSource = Text(detail, "eventSource") ?? throw new ArgumentException("CloudTrail record has no eventSource", nameof(record));
        var service = eventSource.Split('.')[0];
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Text(detail, "eventID") is { } eventId ? DeterministicId(eventId) : Guid.NewGuid().ToString(),
            ["detail-type"] = DetailType,
            ["source"] = $"aws.{service}",
            ["account"] = Text(detail, "recipientAccountId") ?? Text(detail["userIdentity"], "accountId") ?? "123456789012",
            ["time"] = Text(detail, "eventTime"),
            ["region"] = Text(detail, "awsRegion"),
            ["resources"] = new JsonArray(),
            ["detail"] = detail,
        };
    }

    private static string? Text(JsonNode? parent, string name) =>
        parent is JsonObject obj && obj.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : null;

    /// <summary>Replays must be repeatable, so the envelope id derives from the record's eventID.</summary>
    private static string DeterministicId(string eventId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(eventId))[..16];
        return new Guid(hash).ToString();
    }
}
