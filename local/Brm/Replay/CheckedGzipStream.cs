using System.Buffers.Binary;
using System.IO.Compression;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// gzip decompressed, and checked at its end against the trailer: .NET's GZipStream ends quietly where a truncated
/// file ends (an interrupted download of an archive object), which would lose the rest of the file unseen. At the end
/// this throws <see cref="InvalidDataException"/> when the last member's trailer does not account for what came out,
/// for <see cref="DamageTolerantStream"/> to report.
/// </summary>
/// <remarks>
/// The trailer's last four bytes are the member's length mod 2^32 (RFC 1952, ISIZE). A file of one member (no gzip
/// magic after its start) must say exactly what came out; cut anywhere, its last four bytes are compressed data that
/// match by chance once in 2^32. A file that may hold several members (Firehose objects of CloudWatch Logs
/// subscription records are gzip members one after the other) is only checked for a last member longer than all
/// that came out, which a cut file fails as often as its random bytes exceed that.
/// </remarks>
public sealed class CheckedGzipStream : ForwardReadStream
{
    private const int TrailerBytes = 8;

    private readonly CompressedSide _compressed;
    private long _decompressed;
    private bool _verified;

    public CheckedGzipStream(Stream compressed)
        : this(new CompressedSide(compressed))
    {
    }

    private CheckedGzipStream(CompressedSide compressed)
        : base(new GZipStream(compressed, CompressionMode.Decompress))
    {
        _compressed = compressed;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        _decompressed += read;
        if (read == 0 && buffer.Length > 0 && !_verified)
        {
            _verified = true;
            Verify();
        }

        return read;
    }

    private void Verify()
    {
        if (_compressed.Length < 18)
        {
            throw new InvalidDataException($"the gzip data is {_compressed.Length} bytes, shorter than a member's header and trailer");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(_compressed.Tail[4..]);
        var cameOut = (uint)_decompressed;
        var cut = _compressed.MayHoldSeveralMembers
            ? _decompressed < uint.MaxValue && length > _decompressed
            : length != cameOut;
        if (cut)
        {
            throw new InvalidDataException($"the gzip data ends early: its trailer says {length:N0} bytes, {_decompressed:N0} came out (a truncated download?)");
        }
    }

    /// <summary>The compressed bytes as read: their count, their last eight, and whether the gzip magic appears after the start.</summary>
    private sealed class CompressedSide(Stream inner) : ForwardReadStream(inner)
    {
        private static ReadOnlySpan<byte> Magic => [0x1F, 0x8B, 0x08];

        private readonly byte[] _tail = new byte[TrailerBytes];
        private long _length;

        public override long Length => _length;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(TrailerBytes - (int)Math.Min(_length, TrailerBytes));

        public bool MayHoldSeveralMembers { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var read = Inner.Read(buffer);
            if (read > 0)
            {
                Observe(buffer[..read]);
            }

            return read;
        }

        private void Observe(ReadOnlySpan<byte> bytes)
        {
            if (!MayHoldSeveralMembers)
            {
                // A magic across two reads: the previous read's last two bytes and this one's first two.
                Span<byte> seam = stackalloc byte[4];
                _tail.AsSpan(TrailerBytes - 2).CopyTo(seam);
                bytes[..Math.Min(2, bytes.Length)].CopyTo(seam[2..]);
                var inSeam = _length >= 2 && seam[..(2 + Math.Min(2, bytes.Length))].IndexOf(Magic) >= 0;
                var found = bytes.IndexOf(Magic);
                MayHoldSeveralMembers = inSeam || (found >= 0 && _length + found > 0) || (found == 0 && bytes[1..].IndexOf(Magic) >= 0);
            }

            if (bytes.Length >= TrailerBytes)
            {
                bytes[^TrailerBytes..].CopyTo(_tail);
            }
            else
            {
                _tail.AsSpan(bytes.Length).CopyTo(_tail);
                bytes.CopyTo(_tail.AsSpan(TrailerBytes - bytes.Length));
            }

            _length += bytes.Length;
        }
    }
}
