using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// The scratch file settled records go to (<see cref="SpilledRecord"/> layout): append-only, read at offsets, and
/// deleted when disposed (or by the OS when the process dies with it open). Appends are buffered; a read flushes first.
/// </summary>
internal sealed class SpillFile : IDisposable
{
    private const int FlushBytes = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly ArrayBufferWriter<byte> _pending = new(FlushBytes);
    private byte[] _readBuffer = new byte[4096];
    private long _flushed;

    public SpillFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
    }

    public long Length => _flushed + _pending.WrittenCount;

    /// <returns>The record's offset.</returns>
    public long Append(string key, long version, long previous, ReadOnlySpan<byte> payload)
    {
        var offset = Length;
        var size = SpilledRecord.SizeOf(key, payload.Length);
        SpilledRecord.Write(_pending.GetSpan(size), key, version, previous, payload);
        _pending.Advance(size);
        if (_pending.WrittenCount >= FlushBytes)
        {
            Flush();
        }

        return offset;
    }

    public SpilledRecord Read(long offset)
    {
        Flush();
        var read = ReadAt(offset, _readBuffer);
        var needed = SpilledRecord.LengthBytes + SpilledRecord.BodyLength(_readBuffer);
        if (needed > read)
        {
            if (needed > _readBuffer.Length)
            {
                var larger = new byte[Math.Max(needed, _readBuffer.Length * 2)];
                _readBuffer.AsSpan(0, read).CopyTo(larger);
                _readBuffer = larger;
            }

            ReadExactly(offset + read, _readBuffer.AsSpan(read, needed - read));
        }

        return SpilledRecord.Parse(_readBuffer.AsMemory(SpilledRecord.LengthBytes, needed - SpilledRecord.LengthBytes));
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length (less only at the end of the file).</summary>
    public int ReadAt(long offset, Span<byte> destination)
    {
        Flush();
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Flush()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        RandomAccess.Write(_handle, _pending.WrittenSpan, _flushed);
        _flushed += _pending.WrittenCount;
        _pending.ResetWrittenCount();
    }

    public void Dispose() => _handle.Dispose();

    private void ReadExactly(long offset, Span<byte> destination)
    {
        if (ReadAt(offset, destination) != destination.Length)
        {
            throw new InvalidDataException($"spill file ends inside the record at {offset}");
        }
    }
}
