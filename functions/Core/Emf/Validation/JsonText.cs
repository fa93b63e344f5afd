using System.Buffers;
using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf.Validation;

/// <summary>
/// A JSON string (a member name or a string value) located in the line by its content's bytes (quotes excluded),
/// so the reading pass keeps no string. Its text is made only when it is needed, with the semantics the
/// JsonDocument-based validator had: <see cref="JsonElement.GetString"/> (unescaping, UTF-16, and an
/// <see cref="InvalidOperationException"/> on invalid UTF-8 or surrogates) and JsonElement.TryGetProperty's name
/// comparison.
/// </summary>
/// <remarks>
/// Nearly every string of an EMF line is plain ASCII without escapes; for those the bytes are the text, and no
/// decoding is done. Anything else is re-read from the line by a reader over just that token.
/// </remarks>
internal readonly record struct JsonText(int Start, int Length, bool Escaped)
{
    /// <summary>Above this many bytes, scratch buffers come from the array pool instead of the stack.</summary>
    private const int StackLimit = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The string token the reader is on (a property name or a string value).</summary>
    public static JsonText At(ref Utf8JsonReader reader) =>
        new((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);

    public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> line) => line.Slice(Start, Length);

    /// <summary>Unescaped ASCII: the bytes are the UTF-16 text one for one, and cannot be invalid.</summary>
    public bool IsPlainAscii(ReadOnlySpan<byte> line) => !Escaped && Ascii.IsValid(Raw(line));

    /// <summary>GetString's text.</summary>
    public string GetString(ReadOnlySpan<byte> line)
    {
        if (IsPlainAscii(line))
        {
            return Encoding.ASCII.GetString(Raw(line));
        }

        var reader = ReaderOnToken(line);
        return reader.GetString()!;
    }

    /// <summary>
    /// What the old validator did with GetString's result through its IsValidName: not null, empty or white space,
    /// and at most <see cref="EmfLimits.MaxNameLength"/> UTF-16 characters.
    /// </summary>
    public bool IsValidName(ReadOnlySpan<byte> line)
    {
        if (IsPlainAscii(line))
        {
            return Length <= EmfLimits.MaxNameLength && !IsAllWhiteSpace(Raw(line));
        }

        char[]? rented = null;
        Span<char> chars = Length <= StackLimit ? stackalloc char[Length] : (rented = ArrayPool<char>.Shared.Rent(Length));
        var text = CopyChars(line, chars);
        var valid = text.Length <= EmfLimits.MaxNameLength && !text.IsWhiteSpace();
        Return(rented);
        return valid;
    }

    /// <summary>string.IsNullOrWhiteSpace of GetString's text.</summary>
    public bool IsEmptyOrWhiteSpace(ReadOnlySpan<byte> line)
    {
        if (IsPlainAscii(line))
        {
            return IsAllWhiteSpace(Raw(line));
        }

        char[]? rented = null;
        Span<char> chars = Length <= StackLimit ? stackalloc char[Length] : (rented = ArrayPool<char>.Shared.Rent(Length));
        var blank = CopyChars(line, chars).IsWhiteSpace();
        Return(rented);
        return blank;
    }

    /// <summary>Whether GetString's text is in <paramref name="set"/> (compared as UTF-16, as the set's strings are).</summary>
    public bool IsIn(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> set, ReadOnlySpan<byte> line)
    {
        char[]? rented = null;
        Span<char> chars = Length <= StackLimit ? stackalloc char[Length] : (rented = ArrayPool<char>.Shared.Rent(Length));
        scoped Span<char> text;
        if (IsPlainAscii(line))
        {
            Ascii.ToUtf16(Raw(line), chars, out var written);
            text = chars[..written];
        }
        else
        {
            text = CopyChars(line, chars);
        }

        var found = set.Contains(text);
        Return(rented);
        return found;
    }

    /// <summary>
    /// Makes GetString's checks without keeping the text: throws where GetString would (invalid UTF-8, a lone
    /// surrogate escape), so a line the old validator threw on still throws.
    /// </summary>
    public void EnsureReadable(ReadOnlySpan<byte> line)
    {
        if (IsPlainAscii(line))
        {
            return;
        }

        char[]? rented = null;
        Span<char> chars = Length <= StackLimit ? stackalloc char[Length] : (rented = ArrayPool<char>.Shared.Rent(Length));
        CopyChars(line, chars);
        Return(rented);
    }

    /// <summary>
    /// The unescaped UTF-8 of the text: the line's bytes when not escaped, else written to <paramref name="scratch"/>
    /// (at least <see cref="Length"/> bytes: unescaping never lengthens).
    /// </summary>
    public ReadOnlySpan<byte> Unescaped(ReadOnlySpan<byte> line, Span<byte> scratch)
    {
        if (!Escaped)
        {
            return Raw(line);
        }

        var reader = ReaderOnToken(line);
        return scratch[..reader.CopyString(scratch)];
    }

    /// <summary>
    /// Whether this member name equals <paramref name="utf8Name"/> (unescaped UTF-8), compared as
    /// JsonElement.TryGetProperty compares: an escaped name is unescaped only when its prefix up to the first
    /// backslash matches and it is longer than the name sought, so it throws (a lone surrogate escape) exactly where
    /// the JsonDocument lookup did.
    /// </summary>
    public bool NameEquals(ReadOnlySpan<byte> line, ReadOnlySpan<byte> utf8Name)
    {
        var raw = Raw(line);
        if (!Escaped)
        {
            return raw.SequenceEqual(utf8Name);
        }

        if (!MemberKeys.WouldUnescape(raw, utf8Name))
        {
            return false;
        }

        if (MemberKeys.HasInvalidSurrogateEscape(raw))
        {
            throw new InvalidOperationException("Cannot read invalid UTF-16 JSON text as string."); // as JsonDocument's unescaping
        }

        byte[]? rented = null;
        Span<byte> bytes = Length <= StackLimit ? stackalloc byte[Length] : (rented = ArrayPool<byte>.Shared.Rent(Length));
        try
        {
            return Unescaped(line, bytes).SequenceEqual(utf8Name);
        }
        catch (InvalidOperationException)
        {
            return false; // invalid UTF-8 in the name, which JsonDocument compared byte for byte: unequal to any text
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// JsonElement.ToString of a value that is not a string: the raw text of a number, array or object
    /// (<paramref name="raw"/> spans it), True / False, or empty for null.
    /// </summary>
    public static string RawValueToString(ReadOnlySpan<byte> line, JsonTokenType kind, Range raw) => kind switch
    {
        JsonTokenType.True => bool.TrueString,
        JsonTokenType.False => bool.FalseString,
        JsonTokenType.Null or JsonTokenType.None => "",
        _ => DecodeStrict(line[raw]),
    };

    private static string DecodeStrict(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            // JsonElement.ToString (GetRawText) throws this on invalid UTF-8.
            throw new InvalidOperationException("Cannot transcode invalid UTF-8 JSON text to UTF-16 string.", ex);
        }
    }

    private Span<char> CopyChars(ReadOnlySpan<byte> line, Span<char> destination)
    {
        var reader = ReaderOnToken(line);
        return destination[..reader.CopyString(destination)];
    }

    /// <summary>A reader over just this token, quotes included, positioned on it (a standalone JSON string).</summary>
    private Utf8JsonReader ReaderOnToken(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line.Slice(Start - 1, Length + 2));
        reader.Read();
        return reader;
    }

    private static bool IsAllWhiteSpace(ReadOnlySpan<byte> ascii)
    {
        foreach (var b in ascii)
        {
            if (!char.IsWhiteSpace((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static void Return(char[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
