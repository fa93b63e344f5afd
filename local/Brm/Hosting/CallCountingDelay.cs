using System.Globalization;

namespace BatchRuntimeMonitor.Local.Brm.Hosting;

/// <summary>
/// The tier-1 call-counting delay this process runs with, read from its environment as the runtime reads it, for
/// `brm bench` to say what its rows ran with.
/// </summary>
/// <remarks>
/// The runtime reads a number from a DOTNET_ (or COMPlus_) variable as hexadecimal unless the knob says otherwise,
/// and TC_CallCountingDelayMs does not: like C's strtoul with base 16 (white space first, an optional 0x, the hex
/// digits up to the first character that is not one). "100" is 256 ms; the default, 100 ms, is "64". With no digit
/// the default applies (a number too large for 32 bits is reported the same way). DOTNET_ is looked up before
/// COMPlus_.
/// </remarks>
public static class CallCountingDelay
{
    /// <summary>The runtime's own delay when no variable sets one.</summary>
    public const int DefaultMilliseconds = 100;

    /// <summary>What a bench prints: the delay in milliseconds and where it came from.</summary>
    public static string Describe(Func<string, string?> environment)
    {
        var (variable, text) = environment(TieringRelaunch.DelayVariable) is { } value
            ? (TieringRelaunch.DelayVariable, value)
            : environment(TieringRelaunch.LegacyDelayVariable) is { } legacy ? (TieringRelaunch.LegacyDelayVariable, legacy) : (null, null);
        if (variable is null)
        {
            return $"{DefaultMilliseconds} ms (the runtime's default)";
        }

        return ParseMilliseconds(text) switch
        {
            null => $"{DefaultMilliseconds} ms (the runtime's default: {variable}={text} is not a hexadecimal number)",
            0 => $"0 ms ({variable}={text})",
            { } ms => $"{ms} ms ({variable}={text}, read as hexadecimal)",
        };
    }

    /// <summary>The value the runtime takes from the variable's text, or null when it keeps its default (or the text is past 32 bits).</summary>
    public static uint? ParseMilliseconds(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var digits = text.AsSpan().TrimStart();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && digits.Length > 2 && char.IsAsciiHexDigit(digits[2]))
        {
            digits = digits[2..];
        }

        var length = 0;
        while (length < digits.Length && char.IsAsciiHexDigit(digits[length]))
        {
            length++;
        }

        return length > 0 && uint.TryParse(digits[..length], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }
}
