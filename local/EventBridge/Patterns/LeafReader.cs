using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// Reads a scalar event node into a <see cref="LeafValue"/> without allocating when it can: parsed events keep
/// their strings as raw UTF-8, which is decoded into the caller's stack buffer unless it holds escapes.
/// </summary>
internal static class LeafReader
{
    /// <summary>Large enough for ARNs and ids; longer strings fall back to an allocated string.</summary>
    public const int StackBufferChars = 512;

    public static LeafValue Read(JsonNode? node, Span<char> buffer)
    {
        if (node is null)
        {
            return new LeafValue(JsonValueKind.Null, default, 0);
        }

        var value = node.AsValue();
        var kind = value.GetValueKind();
        return kind switch
        {
            JsonValueKind.String => new LeafValue(kind, ReadString(value, buffer), 0),
            JsonValueKind.Number => new LeafValue(kind, default, ReadNumber(value)),
            _ => new LeafValue(kind, default, 0),
        };
    }

    private static ReadOnlySpan<char> ReadString(JsonValue value, Span<char> buffer)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            var unquoted = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
            // Escaped strings (\n, \u0041, ...) need the JSON decoder; they are rare in AWS events.
            if (unquoted.IndexOf((byte)'\\') < 0 && Encoding.UTF8.GetMaxCharCount(unquoted.Length) <= buffer.Length)
            {
                var written = Encoding.UTF8.GetChars(unquoted, buffer);
                return buffer[..written];
            }

            return element.GetString();
        }

        return value.GetValue<string>();
    }

    private static double ReadNumber(JsonValue value)
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
