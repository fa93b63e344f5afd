using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// One scalar of the event (string, number, true, false or null) as the matchers see it. A string read from
/// parsed JSON stays as its raw UTF-8 bytes (when it has no escapes) so matching allocates and decodes nothing;
/// otherwise it is a .NET string. The text helpers hide which of the two it is.
/// </summary>
internal readonly ref struct LeafValue
{
    private readonly ReadOnlySpan<byte> _utf8;
    private readonly string? _text;

    private LeafValue(JsonValueKind kind, ReadOnlySpan<byte> utf8, string? text, double number)
    {
        Kind = kind;
        _utf8 = utf8;
        _text = text;
        Number = number;
    }

    public JsonValueKind Kind { get; }

    /// <summary>The numeric value; meaningful only when <see cref="Kind"/> is Number.</summary>
    public double Number { get; }

    public bool IsString => Kind == JsonValueKind.String;

    public bool IsNumber => Kind == JsonValueKind.Number;

    public static LeafValue FromUtf8(ReadOnlySpan<byte> utf8) => new(JsonValueKind.String, utf8, null, 0);

    public static LeafValue FromString(string text) => new(JsonValueKind.String, default, text, 0);

    public static LeafValue FromNumber(double number) => new(JsonValueKind.Number, default, null, number);

    public static LeafValue FromLiteral(JsonValueKind kind) => new(kind, default, null, 0);

    public bool TextEquals(PatternText expected) =>
        IsString && (_text is null ? _utf8.SequenceEqual(expected.Utf8) : _text == expected.Text);

    public bool TextStartsWith(PatternText prefix) =>
        IsString && (_text is null ? _utf8.StartsWith(prefix.Utf8) : _text.StartsWith(prefix.Text, StringComparison.Ordinal));

    public bool TextEndsWith(PatternText suffix) =>
        IsString && (_text is null ? _utf8.EndsWith(suffix.Utf8) : _text.EndsWith(suffix.Text, StringComparison.Ordinal));

    /// <summary>Case-insensitive comparisons work on the bytes for ASCII text and decode otherwise (rare).</summary>
    public bool TextEqualsIgnoreCase(PatternText expected) =>
        IsString && (_text is null && expected.IsAscii && Ascii.IsValid(_utf8)
            ? Ascii.EqualsIgnoreCase(_utf8, expected.Utf8)
            : Decoded().Equals(expected.Text, StringComparison.OrdinalIgnoreCase));

    public bool TextStartsWithIgnoreCase(PatternText prefix) =>
        IsString && (_text is null && prefix.IsAscii && Ascii.IsValid(_utf8)
            ? _utf8.Length >= prefix.Utf8.Length && Ascii.EqualsIgnoreCase(_utf8[..prefix.Utf8.Length], prefix.Utf8)
            : Decoded().StartsWith(prefix.Text, StringComparison.OrdinalIgnoreCase));

    public bool TextEndsWithIgnoreCase(PatternText suffix) =>
        IsString && (_text is null && suffix.IsAscii && Ascii.IsValid(_utf8)
            ? _utf8.Length >= suffix.Utf8.Length && Ascii.EqualsIgnoreCase(_utf8[^suffix.Utf8.Length..], suffix.Utf8)
            : Decoded().EndsWith(suffix.Text, StringComparison.OrdinalIgnoreCase));

    /// <summary>The string as UTF-8; only values built in code (not parsed) need encoding, which allocates.</summary>
    public ReadOnlySpan<byte> Utf8() => _text is null ? _utf8 : Encoding.UTF8.GetBytes(_text);

    private string Decoded() => _text ?? Encoding.UTF8.GetString(_utf8);
}
