using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// SQS messages as `aws sqs receive-message` prints them ({"Messages": [{"MessageId", "Body", ...}]}): what a rule
/// target's dead-letter queue holds, each body an event EventBridge could not deliver, so that the events a deployed
/// stack missed can be replayed.
/// </summary>
public static class SqsMessagesJson
{
    private const string Holder = "an SQS message";

    /// <summary>The bodies of the messages <paramref name="value"/> holds, numbered from 1; null when it holds no "Messages" list.</summary>
    public static IEnumerable<EmbeddedEvent>? Bodies(JsonElement value, string file) =>
        value.TryGetProperty("Messages"u8, out var list) && list.ValueKind == JsonValueKind.Array ? InList(list, file) : null;

    private static IEnumerable<EmbeddedEvent> InList(JsonElement list, string file)
    {
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            JsonElement? body = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("Body"u8, out var text) && text.ValueKind == JsonValueKind.String ? text : null;
            yield return new EmbeddedEvent(file, index, body, Holder, "Body");
        }
    }
}
