namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Watches compressed bytes go by, in reads of any size, for the header of a second gzip member (RFC 1952): the
/// magic 1F 8B, method 08, flags with their reserved bits clear, four bytes of time, extra flags 0, 2 or 4 and an
/// operating system of 0 to 13 or 255. The magic alone turns up by chance in compressed data (once in 2^24 bytes, a
/// few times in a large file); with the rest of the header about once in 2^37.
/// </summary>
public sealed class GzipMemberScan
{
    private const int HeaderBytes = 10;

    private static ReadOnlySpan<byte> Magic => [0x1F, 0x8B, 0x08];

    /// <summary>The last bytes seen that no header start was looked for at yet (a header needs the ten bytes from it).</summary>
    private readonly byte[] _unexamined = new byte[HeaderBytes - 1];
    private int _unexaminedLength;
    private long _unexaminedAt;

    /// <summary>Whether a member header was seen anywhere but at the very start.</summary>
    public bool FoundLaterMember { get; private set; }

    public void Observe(ReadOnlySpan<byte> bytes)
    {
        if (FoundLaterMember || bytes.IsEmpty)
        {
            return;
        }

        // The seam: header starts among the unexamined bytes, with this read's first bytes after them.
        Span<byte> seam = stackalloc byte[(2 * HeaderBytes) - 2];
        _unexamined.AsSpan(0, _unexaminedLength).CopyTo(seam);
        var fromRead = Math.Min(bytes.Length, HeaderBytes - 1);
        bytes[..fromRead].CopyTo(seam[_unexaminedLength..]);
        var joined = seam[..(_unexaminedLength + fromRead)];
        var examinable = Math.Clamp(joined.Length - HeaderBytes + 1, 0, _unexaminedLength);
        for (var i = 0; i < examinable && !FoundLaterMember; i++)
        {
            FoundLaterMember = _unexaminedAt + i > 0 && IsHeader(joined[i..]);
        }

        if (examinable < _unexaminedLength)
        {
            // A read too short to look at every start before it (it is all in joined): keep what is still unexamined.
            Keep(joined[examinable..], _unexaminedAt + examinable);
            return;
        }

        // This read's own starts, where a whole header fits in it.
        var at = _unexaminedAt + _unexaminedLength;
        for (var start = 0; !FoundLaterMember && start <= bytes.Length - HeaderBytes;)
        {
            var found = bytes[start..(bytes.Length - HeaderBytes + Magic.Length)].IndexOf(Magic);
            if (found < 0)
            {
                break;
            }

            start += found;
            FoundLaterMember = at + start > 0 && IsHeader(bytes[start..]);
            start++;
        }

        var rest = Math.Max(0, bytes.Length - (HeaderBytes - 1));
        Keep(bytes[rest..], at + rest);
    }

    private void Keep(ReadOnlySpan<byte> bytes, long at)
    {
        bytes.CopyTo(_unexamined);
        _unexaminedLength = bytes.Length;
        _unexaminedAt = at;
    }

    private static bool IsHeader(ReadOnlySpan<byte> header) =>
        header.StartsWith(Magic)
        && (header[3] & 0xE0) == 0
        && header[8] is 0 or 2 or 4
        && header[9] is <= 13 or 255;
}
