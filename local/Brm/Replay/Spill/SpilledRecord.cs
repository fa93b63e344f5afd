using System.Buffers.Binary;
using System.Text;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// One record as the spill file holds it. <see cref="Payload"/> points into the reader's buffer: valid until its next read.
/// Layout: [int32 length of what follows][int64 previous][int64 version][int32 key bytes][key UTF-8][payload],
/// little-endian; <see cref="Previous"/> is the offset of the older record with the same key hash, or -1.
/// </summary>
internal readonly record struct SpilledRecord(string Key, long Version, long Previous, ReadOnlyMemory<byte> Payload)
{
    public const int LengthBytes = 4;
    private const int FieldsBytes = 8 + 8 + 4;

    public static int SizeOf(string key, int payloadBytes) => LengthBytes + FieldsBytes + Encoding.UTF8.GetByteCount(key) + payloadBytes;

    public static void Write(Span<byte> destination, string key, long version, long previous, ReadOnlySpan<byte> payload)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key, destination[(LengthBytes + FieldsBytes)..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, FieldsBytes + keyBytes + payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], previous);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], version);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], keyBytes);
        payload.CopyTo(destination[(LengthBytes + FieldsBytes + keyBytes)..]);
    }

    /// <summary>How many bytes follow the length prefix at the start of <paramref name="source"/>.</summary>
    public static int BodyLength(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadInt32LittleEndian(source);

    /// <param name="body">The record without its length prefix.</param>
    public static SpilledRecord Parse(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var keyBytes = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        return new SpilledRecord(
            Encoding.UTF8.GetString(span.Slice(FieldsBytes, keyBytes)),
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(span),
            body[(FieldsBytes + keyBytes)..]);
    }
}
