namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A stream that cannot seek (standard input) with the bytes already read from its start put back in front, so that
/// a reader can look at a stream's first bytes (gzip's magic) and still read it whole.
/// </summary>
public sealed class PrefixedStream(byte[] prefix, Stream rest) : ForwardReadStream(rest)
{
    private int _prefixRead;

    public override int Read(Span<byte> buffer)
    {
        if (_prefixRead < prefix.Length)
        {
            var count = Math.Min(buffer.Length, prefix.Length - _prefixRead);
            prefix.AsSpan(_prefixRead, count).CopyTo(buffer);
            _prefixRead += count;
            return count;
        }

        return Inner.Read(buffer);
    }
}
