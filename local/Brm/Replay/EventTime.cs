using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// An event's "time", read once per event for the merge and the virtual clock. EventBridge writes it as RFC 3339 in
/// UTC ("2026-11-20T00:00:03Z", sometimes with a fraction of a second), which is read here straight from the UTF-8
/// bytes; any other text goes to <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>
/// (invariant culture, universal unless stated), which decides alone what else is a time, as it always did.
/// </summary>
public static class EventTime
{
    private const int SecondsLength = 19; // yyyy-MM-ddTHH:mm:ss
    private const int MaxFractionDigits = 7; // a tick

    /// <summary>The time of a "time" member: null when it is absent, not a string or not a time.</summary>
    public static DateTimeOffset? Read(JsonElement time)
    {
        if (time.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        // An escaped string has a backslash in its raw bytes, which the fast path rejects: the general parse decodes it.
        if (TryParseUtc(Unquoted(time), out var fast))
        {
            return fast;
        }

        return ParseGeneral(time.GetString()!);
    }

    /// <summary>The time of a string, by the fast path when it takes it and the general parse otherwise.</summary>
    public static DateTimeOffset? Parse(string text) =>
        TryParseUtc(Encoding.UTF8.GetBytes(text), out var fast) ? fast : ParseGeneral(text);

    /// <summary>The general parse on its own (what every time went through before the fast path), for comparison.</summary>
    public static DateTimeOffset? ParseGeneral(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>
    /// "yyyy-MM-ddTHH:mm:ssZ" or "yyyy-MM-ddTHH:mm:ss.fZ" with 1 to 7 fraction digits, a valid date and time of day
    /// (no leap second, no 24:00): false for anything else, which the general parse then reads or rejects.
    /// </summary>
    public static bool TryParseUtc(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < SecondsLength + 1 || text[^1] != (byte)'Z'
            || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var fraction = text[SecondsLength..^1];
        var fractionTicks = 0;
        if (fraction.Length > 0)
        {
            var digits = fraction[1..];
            if (fraction[0] != (byte)'.' || digits.Length is 0 or > MaxFractionDigits || !TryDigits(digits, out fractionTicks))
            {
                return false;
            }

            for (var i = digits.Length; i < MaxFractionDigits; i++)
            {
                fractionTicks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks, TimeSpan.Zero);
        return true;
    }

    private static ReadOnlySpan<byte> Unquoted(JsonElement text)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(text);
        return raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            var d = digit - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }
}
