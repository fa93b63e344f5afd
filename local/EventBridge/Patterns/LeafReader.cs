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

    private static LeafValue ReadString(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var unquoted = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
        // Escaped strings (\n, \u0041, ...) need the JSON decoder; they are rare in AWS events.
        return unquoted.IndexOf((byte)'\\') < 0 ? LeafValue.FromUtf8(unquoted) : LeafValue.FromString(element.GetString()!);
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
