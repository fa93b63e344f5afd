using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf.Validation;

/// <summary>
/// Which of an object's few keys ("Timestamp", "Name", ...) the reader's current member name is, compared on the
/// unescaped text as JsonElement.TryGetProperty compared.
/// </summary>
/// <remarks>
/// One case needs care to keep the JsonDocument-based validator's behaviour: a member name with an invalid escape
/// (a lone surrogate such as "\uDE00"). TryGetProperty scanned an object's members from the last one back and
/// unescaped a name only when its text up to the first backslash matched the key sought; unescaping an invalid
/// name threw <see cref="InvalidOperationException"/>. So a lookup threw when such a name came after the key's
/// last occurrence. <see cref="Match"/> records that per key in a bit mask (<c>poisoned</c>), and the rules throw
/// where the old validator looked that key up.
/// </remarks>
internal static class MemberKeys
{
    /// <summary>The index of the key the current property name equals, or -1.</summary>
    /// <param name="poisoned">Bit i set: a lookup of key i would have thrown (see remarks).</param>
    public static int Match(ref Utf8JsonReader reader, ReadOnlySpan<byte> key0, ReadOnlySpan<byte> key1, ReadOnlySpan<byte> key2, int keyCount, ref int poisoned)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            var found = raw.SequenceEqual(key0) ? 0 : keyCount > 1 && raw.SequenceEqual(key1) ? 1 : keyCount > 2 && raw.SequenceEqual(key2) ? 2 : -1;
            if (found >= 0)
            {
                poisoned &= ~(1 << found);
            }

            return found;
        }

        if (HasInvalidSurrogateEscape(raw))
        {
            for (var i = 0; i < keyCount; i++)
            {
                if (WouldUnescape(raw, i == 0 ? key0 : i == 1 ? key1 : key2))
                {
                    poisoned |= 1 << i;
                }
            }

            return -1;
        }

        int match;
        try
        {
            match = reader.ValueTextEquals(key0) ? 0 : keyCount > 1 && reader.ValueTextEquals(key1) ? 1 : keyCount > 2 && reader.ValueTextEquals(key2) ? 2 : -1;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 in an escaped name, which TryGetProperty compared byte for byte: no ASCII key equals it.
            return -1;
        }

        if (match >= 0)
        {
            poisoned &= ~(1 << match);
        }

        return match;
    }

    /// <summary>Whether TryGetProperty, seeking <paramref name="key"/>, unescaped the escaped name <paramref name="raw"/>.</summary>
    public static bool WouldUnescape(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> key)
    {
        if (raw.Length <= key.Length)
        {
            return false; // an escaped name is always longer than its text
        }

        var backslash = raw.IndexOf((byte)'\\');
        return key.Length > backslash && raw[..backslash].SequenceEqual(key[..backslash]);
    }

    /// <summary>
    /// Whether an escaped JSON string holds a \u escape of half a surrogate pair without its other half: what made
    /// JsonDocument's unescaping throw (the reader has already checked the escapes' syntax).
    /// </summary>
    public static bool HasInvalidSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        var expectLow = false;
        for (var i = raw.IndexOf((byte)'\\'); i >= 0 && i < raw.Length - 1; i++)
        {
            if (raw[i] != '\\')
            {
                if (expectLow)
                {
                    return true;
                }

                continue;
            }

            if (raw[i + 1] != 'u')
            {
                if (expectLow)
                {
                    return true;
                }

                i++; // a short escape such as \n or \\
                continue;
            }

            var unit = System.Buffers.Text.Utf8Parser.TryParse(raw.Slice(i + 2, 4), out ushort value, out _, 'X') ? value : 0;
            i += 5;
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != isLow)
            {
                return true; // a high surrogate not followed by a low one, or a low one alone
            }

            expectLow = isHigh;
        }

        return expectLow;
    }

    /// <summary>The exception TryGetProperty let out in that case.</summary>
    public static void ThrowIfPoisoned(int poisoned, int key)
    {
        if ((poisoned & (1 << key)) != 0)
        {
            throw new InvalidOperationException("Cannot read invalid UTF-16 JSON text as string."); // as JsonDocument's unescaping
        }
    }
}
