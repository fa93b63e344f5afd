using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// An event held as a JsonNode, as the parsed element the matchers read. Patterns are matched on parsed JSON only,
/// so an event built in code (a wrapped CloudTrail record, a test's JsonObject) is matched exactly as the same
/// event read from a file would be: its numbers and strings are what its JSON text says.
/// </summary>
public static class EventElement
{
    public static JsonElement Of(JsonNode @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            @event.WriteTo(writer);
        }

        // ParseValue copies into arrays the element owns: nothing rented, nothing to dispose.
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
