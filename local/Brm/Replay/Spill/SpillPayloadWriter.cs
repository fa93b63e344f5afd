using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// Writes a spilled record's fields in a compact binary form that <see cref="SpillPayloadReader"/> reads back in the same
/// order: lengths and counts as 7-bit varints, strings as their UTF-8 bytes after their length plus one (0 is null),
/// optional numbers as a presence byte and their little-endian value.
/// </summary>
internal readonly ref struct SpillPayloadWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    public void WriteCount(int count) => _output.Advance(WriteCount(_output.GetSpan(5), count));

    /// <summary>The count as a 7-bit varint at the start of <paramref name="span"/>; returns its length.</summary>
    private static int WriteCount(Span<byte> span, int count)
    {
        var value = (uint)count;
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        return written;
    }

    public void WriteString(string? text)
    {
        if (text is null)
        {
            WriteCount(0);
            return;
        }

        // Nearly every string (ids, names, emission keys) is ASCII: narrowed in one pass behind a length written once it
        // is known to be right. Measuring the UTF-8 length first and transcoding after read each string twice.
        var prefix = CountLength(text.Length + 1);
        var span = _output.GetSpan(prefix + text.Length);
        if (Ascii.FromUtf16(text, span[prefix..], out var narrowed) == System.Buffers.OperationStatus.Done)
        {
            WriteCount(span, text.Length + 1);
            _output.Advance(prefix + narrowed);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        WriteCount(length + 1);
        span = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(text, span);
        _output.Advance(length);
    }

    /// <summary>How many bytes <see cref="WriteCount(int)"/> writes for <paramref name="count"/>.</summary>
    private static int CountLength(int count)
    {
        var value = (uint)count;
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteInt64(long? value)
    {
        WritePresence(value.HasValue);
        if (value is { } v)
        {
            WriteInt64(v);
        }
    }

    public void WriteInt32(int? value)
    {
        WritePresence(value.HasValue);
        if (value is { } v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), v);
            _output.Advance(4);
        }
    }

    private void WritePresence(bool present)
    {
        _output.GetSpan(1)[0] = present ? (byte)1 : (byte)0;
        _output.Advance(1);
    }
}
