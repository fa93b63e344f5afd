using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// An event kept as a JSON string inside another service's JSON (a log event's message, an SQS message's body),
/// numbered by its place in its list (or its line's number, for one on its own); <see cref="Holder"/> names what held
/// it, for reports; <see cref="Text"/> is the string as parsed (decoded only when read: it may not be valid UTF-8),
/// null when the holder had no such string.
/// </summary>
public readonly record struct EmbeddedEvent(string File, long Line, JsonElement? Text, string Holder, string Member);

/// <summary>
/// CloudWatch Logs JSON that holds log events, for events an EventBridge rule put in a log group: the CLI's
/// get-log-events and filter-log-events output ({"events": [{"timestamp", "message", ...}]}), a subscription's record
/// ({"messageType": "DATA_MESSAGE", "logEvents": [{"id", "timestamp", "message"}]}) and one log event on its own
/// (`jq -c '.events[]'`). Each message is the event's JSON as a string.
/// </summary>
public static class CloudWatchLogsJson
{
    private const string Holder = "a CloudWatch Logs log event";

    /// <summary>Whether <paramref name="value"/> is a subscription's CONTROL_MESSAGE, which holds no event.</summary>
    public static bool IsControlMessage(JsonElement value) =>
        value.TryGetProperty("messageType"u8, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("CONTROL_MESSAGE"u8);

    /// <summary>
    /// The messages of the log events <paramref name="value"/> holds, or null when it is not CloudWatch Logs JSON. Log
    /// events in a list are numbered from 1, as CloudTrail's records are; a single log event keeps <paramref name="line"/>.
    /// </summary>
    public static IEnumerable<EmbeddedEvent>? Messages(JsonElement value, string file, long line)
    {
        foreach (var name in (ReadOnlySpan<string>)["logEvents", "events"])
        {
            if (value.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                return InList(list, file);
            }
        }

        return IsLogEvent(value) ? [new EmbeddedEvent(file, line, MessageOf(value), Holder, "message")] : null;
    }

    private static IEnumerable<EmbeddedEvent> InList(JsonElement list, string file)
    {
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            yield return new EmbeddedEvent(file, index, item.ValueKind == JsonValueKind.Object ? MessageOf(item) : null, Holder, "message");
        }
    }

    /// <summary>A log event on its own: a message string and a numeric timestamp (milliseconds since the epoch).</summary>
    private static bool IsLogEvent(JsonElement value) =>
        MessageOf(value) is not null && value.TryGetProperty("timestamp"u8, out var time) && time.ValueKind == JsonValueKind.Number;

    private static JsonElement? MessageOf(JsonElement logEvent) =>
        logEvent.TryGetProperty("message"u8, out var message) && message.ValueKind == JsonValueKind.String ? message : null;
}
