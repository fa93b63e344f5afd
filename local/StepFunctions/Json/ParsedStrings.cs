using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The UTF-8 of a JSON string still in its parsed document, read in place: where a hot comparison (StringMatches, the
/// replay's instances-table key) can use the bytes, making the string first was most of its cost.
/// </summary>
public static class ParsedStrings
{
    /// <summary>
    /// True for a string value over a parsed document whose text holds no escape: <paramref name="utf8"/> is then its
    /// value, as written between the quotes. False for anything else (an escaped string, a value built in code, not a
    /// string), which the caller reads the ordinary way.
    /// </summary>
    public static bool TryGetUnescapedUtf8(JsonNode? node, out ReadOnlySpan<byte> utf8)
    {
        if (node is JsonValue value && value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String)
        {
            utf8 = JsonMarshal.GetRawUtf8Value(element)[1..^1];
            return !utf8.Contains((byte)'\\');
        }

        utf8 = default;
        return false;
    }
}
