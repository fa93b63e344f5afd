using System.Buffers.Binary;
using System.Text;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// Reads what <see cref="SpillPayloadWriter"/> wrote, in the order it was written. A payload that ends early or holds a
/// value the writer cannot have written throws <see cref="InvalidDataException"/>: the spill file was damaged.
/// </summary>
internal ref struct SpillPayloadReader(ReadOnlySpan<byte> payload)
{
    private ReadOnlySpan<byte> _rest = payload;

    /// <summary>Whether every byte has been read: a full read that leaves some behind read another layout.</summary>
    public readonly bool AtEnd => _rest.IsEmpty;

    public int ReadCount()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value <= int.MaxValue ? (int)value : throw Damaged("a count out of range");
            }
        }

        throw Damaged("a count longer than five bytes");
    }

    public string? ReadString()
    {
        var lengthPlusOne = ReadCount();
        return lengthPlusOne == 0 ? null : Encoding.UTF8.GetString(Take(lengthPlusOne - 1));
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public long? ReadOptionalInt64() => ReadPresence() ? ReadInt64() : null;

    public int? ReadOptionalInt32() => ReadPresence() ? BinaryPrimitives.ReadInt32LittleEndian(Take(4)) : null;

    private bool ReadPresence() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        var other => throw Damaged($"a presence byte of {other}"),
    };

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _rest.Length)
        {
            throw Damaged($"{length} bytes wanted, {_rest.Length} left");
        }

        var taken = _rest[..length];
        _rest = _rest[length..];
        return taken;
    }

    private static InvalidDataException Damaged(string what) => new($"a spilled record is damaged: {what}");
}
