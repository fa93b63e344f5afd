namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>Reads one segment front to back through its own buffer, for the final merge.</summary>
internal sealed class SegmentReader(SpillFile file, SpillSegment segment, int bufferBytes)
{
    private byte[] _buffer = new byte[bufferBytes];
    private int _start;
    private int _end;
    private long _next = segment.Start;
    private long _bufferedUpTo = segment.Start;

    public SpilledRecord Current { get; private set; }

    public bool MoveNext()
    {
        if (_next >= segment.End)
        {
            return false;
        }

        Ensure(SpilledRecord.LengthBytes);
        var length = SpilledRecord.BodyLength(_buffer.AsSpan(_start));
        Ensure(SpilledRecord.LengthBytes + length);
        Current = SpilledRecord.Parse(_buffer.AsMemory(_start + SpilledRecord.LengthBytes, length));
        _start += SpilledRecord.LengthBytes + length;
        _next += SpilledRecord.LengthBytes + length;
        return true;
    }

    /// <summary>Makes at least <paramref name="bytes"/> unread bytes available from the buffer's start.</summary>
    private void Ensure(int bytes)
    {
        if (_end - _start >= bytes)
        {
            return;
        }

        var unread = _end - _start;
        if (bytes > _buffer.Length)
        {
            var larger = new byte[bytes];
            _buffer.AsSpan(_start, unread).CopyTo(larger);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }

        _start = 0;
        _end = unread;
        var wanted = (int)Math.Min(_buffer.Length - _end, segment.End - _bufferedUpTo);
        var read = file.ReadAt(_bufferedUpTo, _buffer.AsSpan(_end, wanted));
        _end += read;
        _bufferedUpTo += read;
        if (_end < bytes)
        {
            throw new InvalidDataException($"spill segment [{segment.Start}, {segment.End}) ends inside a record");
        }
    }
}
