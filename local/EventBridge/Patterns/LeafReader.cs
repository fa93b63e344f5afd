using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// Reads a scalar of the parsed event into a <see cref="LeafValue"/> without allocating when it can: a string stays
/// as its raw UTF-8, which the matchers compare directly, unless it holds escapes. Pattern operands (JsonNodes, which
/// a template may build from YAML with CLR values) are read with <see cref="ReadNumber"/>.
/// </summary>
internal static class LeafReader
{
    public static LeafValue Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => ReadString(element),
        JsonValueKind.Number => LeafValue.FromNumber(element.GetDouble()),
        var kind => LeafValue.FromLiteral(kind),
    };

    private static LeafValue ReadString(JsonElement element) =>
        TryGetUnescapedUtf8(element, out var utf8) ? LeafValue.FromUtf8(utf8) : LeafValue.FromString(element.GetString()!);

    /// <summary>
    /// A parsed string's UTF-8 as written, without its quotes: its value when it holds no escape (true). Escaped
    /// strings (\n, \u0041, ...) need the JSON decoder (false); they are rare in AWS events.
    /// </summary>
    public static bool TryGetUnescapedUtf8(JsonElement element, out ReadOnlySpan<byte> utf8)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        utf8 = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
        return utf8.IndexOf((byte)'\\') < 0;
    }

    public static double ReadNumber(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.GetDouble();
        }

        // Values built in code (JsonValue.Create(5)) keep their CLR type; try the usual ones before reparsing.
        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<decimal>(out var m))
        {
            return (double)m;
        }

        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
