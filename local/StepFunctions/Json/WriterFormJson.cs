using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Tells whether JSON text is already, byte for byte, what the interpreter's compact writer (<see cref="CompactJsonText"/>,
/// <see cref="JsonValues.Compact"/>) writes for the value it holds, so that a message body can copy it instead of
/// writing the parsed value again token by token (the whole event, in every SQS body).
/// </summary>
/// <remarks>
/// The writer copies numbers and literals as they were parsed, writes no whitespace, and writes a string as is
/// unless its encoder escapes one of its characters. So text is in the writer's form when, outside strings, there is
/// no whitespace, no trailing comma (the replay's reader accepts those) and no comment (a definition's parser skips
/// them), and no string holds an escape sequence or a character the encoder escapes. Checked conservatively, in a few
/// vectorised passes rather than a tokenizer: any byte outside printable ASCII, any backslash, any printable
/// character the encoder escapes (asked of the encoder itself, once) rules the text out, as does "," before "}" or
/// "]" anywhere, and for a parsed element, whose document may have skipped comments, "/*" or "//" anywhere; only
/// spaces are placed exactly (in a string or not). Ruling out text that was in the writer's form only costs the copy;
/// every such text is written as before. (One hand-written Vector128 pass doing all of it measured no faster than
/// these library passes, which use the widest vectors the machine has.)
/// </remarks>
internal static class WriterFormJson
{
    /// <summary>
    /// The bytes a string or the structure may hold: printable ASCII, less the backslash (an escape sequence) and any
    /// character the writer's encoder escapes in a string ('"' aside, which delimits strings).
    /// </summary>
    private static readonly SearchValues<byte> Allowed = SearchValues.Create(AllowedBytes());

    /// <summary>
    /// An upper bound of the nesting depth of <paramref name="json"/> when it is in the writer's form, or -1 when it
    /// is not (or might not be). <paramref name="json"/> must be one JSON value as parsed with comments disallowed
    /// (the replay's reader parses its lines so).
    /// </summary>
    public static int DepthBound(ReadOnlySpan<byte> json) => DepthBound(json, comments: false);

    /// <summary>
    /// <see cref="DepthBound(ReadOnlySpan{byte})"/> of a parsed element's own text (<paramref name="raw"/>), which may
    /// hold comments its parser skipped: text with anything that could start one is ruled out too.
    /// </summary>
    public static int DepthBound(JsonElement element, out ReadOnlySpan<byte> raw)
    {
        raw = JsonMarshal.GetRawUtf8Value(element);
        return DepthBound(raw, comments: true);
    }

    private static int DepthBound(ReadOnlySpan<byte> json, bool comments)
    {
        if (json.IsEmpty
            || json.IndexOfAnyExcept(Allowed) >= 0
            || ClosingCommaOrComment.Contains(json, comments)
            || HasSpaceOutsideStrings(json))
        {
            return -1;
        }

        // Every level of nesting opens with one of these (some may sit in strings: a bound, not the depth).
        return json.Count((byte)'{') + json.Count((byte)'[');
    }

    /// <summary>With no escape sequences, a byte is inside a string exactly when an odd number of quotes precede it.</summary>
    private static bool HasSpaceOutsideStrings(ReadOnlySpan<byte> json)
    {
        var quotes = 0;
        var from = 0;
        while (true)
        {
            var space = json[from..].IndexOf((byte)' ');
            if (space < 0)
            {
                return false;
            }

            quotes += json.Slice(from, space).Count((byte)'"');
            if (quotes % 2 == 0)
            {
                return true;
            }

            from += space + 1;
        }
    }

    private static byte[] AllowedBytes()
    {
        var allowed = new List<byte>();
        var encoder = JsonValues.Compact.Encoder!;
        for (var b = (byte)0x20; b <= 0x7E; b++)
        {
            if (b == (byte)'"' || (b != (byte)'\\' && encoder.FindFirstCharacterToEncodeUtf8([b]) < 0))
            {
                allowed.Add(b);
            }
        }

        return [.. allowed];
    }
}
