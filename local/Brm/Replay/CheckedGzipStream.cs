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
/// The trailer's last four bytes are the member's length mod 2^32 (RFC 1952, ISIZE). A file of one member (no member
/// header after its start, <see cref="GzipMemberScan"/>) must say exactly what came out; cut anywhere, its last four
/// bytes are compressed data that match by chance once in 2^32. A file of several members (Firehose objects of
/// CloudWatch Logs subscription records are gzip members one after the other) is only checked for a last member
/// longer than all that came out: a cut there is missed as often as four random bytes read as a length no longer than
/// the output (1 in 40 at 100 MB of output, every time past 4 GB). A file ending in zeros (padding) is not checked.
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

        if (_compressed.Tail.IndexOfAnyExcept((byte)0) < 0)
        {
            return; // zeros after the last member (padding .NET's reader passes over): no trailer to check
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
        private readonly byte[] _tail = new byte[TrailerBytes];
        private readonly GzipMemberScan _members = new();
        private long _length;

        public override long Length => _length;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(TrailerBytes - (int)Math.Min(_length, TrailerBytes));

        public bool MayHoldSeveralMembers => _members.FoundLaterMember;

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
            _members.Observe(bytes);
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
