using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>Where a concatenation of JSON values stopped being JSON: the value's ordinal (from 1), its first byte, and why.</summary>
public readonly record struct ConcatenationBreak(int Value, int Offset, string Message);

/// <summary>
/// JSON values written one after the other with nothing or only white space between them: what Amazon Data Firehose
/// delivers to S3 from an EventBridge target ("Firehose does not add a delimiter between records"), one object per
/// record on a single line, and what a CloudWatch Logs subscription's gzip records become once decompressed.
/// </summary>
public static class ConcatenatedJson
{
    private static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, AllowTrailingCommas = true };

    /// <summary>
    /// The ranges of the values in <paramref name="text"/>, when it is a concatenation: its first value is followed
    /// by an object or an array. False for anything else (one value, or a value followed by something that starts no
    /// value, which is a plain syntax error and reported as such). A value that is not JSON ends the list: the values
    /// before it are kept and <paramref name="broken"/> says where the rest begins, since no reader can tell where a
    /// broken value ends.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> text, List<Range> values, out ConcatenationBreak? broken)
    {
        values.Clear();
        broken = null;
        if (!StartsSecondValue(text))
        {
            return false;
        }

        var reader = new Utf8JsonReader(text, Options);
        while (true)
        {
            var start = (int)reader.BytesConsumed;
            try
            {
                if (!reader.Read())
                {
                    return true;
                }

                start = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            catch (JsonException ex)
            {
                var first = text[start..].IndexOfAnyExcept(JsonWhiteSpace);
                broken = new ConcatenationBreak(values.Count + 1, first < 0 ? start : start + first, ex.Message);
                return true;
            }

            values.Add(start..(int)reader.BytesConsumed);
        }
    }

    private static ReadOnlySpan<byte> JsonWhiteSpace => " \t\r\n"u8;

    /// <summary>Whether the first value is complete and an object or array follows it.</summary>
    private static bool StartsSecondValue(ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(text, Options);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
        }
        catch (JsonException)
        {
            return false;
        }

        var rest = text[(int)reader.BytesConsumed..];
        var next = rest.IndexOfAnyExcept(JsonWhiteSpace);
        return next >= 0 && rest[next] is (byte)'{' or (byte)'[';
    }
}
