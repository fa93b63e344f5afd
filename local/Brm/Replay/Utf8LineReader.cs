using System.Buffers;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Reads a stream of UTF-8 text line by line as bytes. JSON Lines are parsed from UTF-8, so decoding each line to a
/// .NET string (UTF-16) and the parser transcoding it back was two copies of every event for nothing. A line is
/// valid until the next call; the buffer grows to the longest line and is rented, not allocated per line.
/// </summary>
/// <remarks>
/// The buffer starts at 256 KB: each fill is one read system call, a quarter of the calls 64 KB made. The kernel's
/// share of the reader thread did not measurably shrink (its cost is the copy from the page cache, which grows with
/// bytes, not calls: docs/performance.md, round five); kept since it costs nothing. Only the part line at the end of a
/// fill is moved to the front for the next one.
/// </remarks>
public sealed class Utf8LineReader(Stream stream) : IDisposable
{
    /// <summary>The first buffer's size: how many bytes each read asks the stream for.</summary>
    public const int ReadSize = 1 << 18;

    private static readonly JsonReaderOptions ValueOptions = new() { AllowTrailingCommas = true };

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _started;

    /// <summary>Bytes moved out of the buffer's front by earlier fills: the stream offset of the buffer's first byte.</summary>
    private long _dropped;

    /// <summary>How many bytes of the stream have been consumed (read past).</summary>
    public long Position => _dropped + _start;

    /// <summary>The buffer's size: one read's, unless a line or value longer than that made it grow.</summary>
    public int BufferSize => _buffer.Length;

    /// <summary>The next line without its "\n" or "\r\n"; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        SkipByteOrderMarkOnce();
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line = Trim(_buffer.AsMemory(_start, length));
                _start += length + 1;
                return true;
            }

            scanned = _end - _start;
            if (_endOfStream)
            {
                if (scanned == 0)
                {
                    line = default;
                    return false;
                }

                line = Trim(_buffer.AsMemory(_start, scanned));
                _start = _end;
                return true;
            }

            Fill();
        }
    }

    /// <summary>The first byte that is not white space, without consuming anything; -1 at the end.</summary>
    public int PeekNonWhiteSpace()
    {
        SkipByteOrderMarkOnce();
        var offset = 0;
        while (true)
        {
            for (; _start + offset < _end; offset++)
            {
                var value = _buffer[_start + offset];
                if (value is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return value;
                }
            }

            if (_endOfStream)
            {
                return -1;
            }

            Fill();
        }
    }

    /// <summary>
    /// The next bytes without consuming them: at least <paramref name="atLeast"/> of them unless the stream ends first
    /// (to tell what a file holds from its start).
    /// </summary>
    public ReadOnlySpan<byte> Peek(int atLeast)
    {
        SkipByteOrderMarkOnce();
        while (_end - _start < atLeast && !_endOfStream)
        {
            Fill();
        }

        return _buffer.AsSpan(_start, _end - _start);
    }

    /// <summary>
    /// The next JSON value of a stream of values with nothing but white space between them (a Firehose object), as
    /// <see cref="TryReadLine"/> gives lines: valid until the next call, and only it held in the buffer, however long the
    /// stream's line. <see cref="ValueRead.Broken"/> leaves the reader at the broken value's first byte.
    /// </summary>
    public ValueRead TryReadValue(out ReadOnlyMemory<byte> value, out JsonException? error)
    {
        SkipByteOrderMarkOnce();
        value = default;
        error = null;
        while (true)
        {
            var skip = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8);
            if (skip < 0)
            {
                _start = _end;
                if (_endOfStream)
                {
                    return ValueRead.End;
                }

                Fill();
                continue;
            }

            _start += skip;
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _endOfStream, new JsonReaderState(ValueOptions));
            try
            {
                // TrySkip is false while the value runs past the bytes read so far: read more, and try it again whole.
                if (reader.Read() && reader.TrySkip())
                {
                    var length = (int)reader.BytesConsumed;
                    value = _buffer.AsMemory(_start, length);
                    _start += length;
                    return ValueRead.Value;
                }
            }
            catch (JsonException ex)
            {
                error = ex;
                return ValueRead.Broken;
            }

            if (_endOfStream)
            {
                error = new JsonException("the data ends inside the value");
                return ValueRead.Broken;
            }

            Fill();
        }
    }

    /// <summary>
    /// Past a broken value to the next record's start, a '{' right after a '}' (records follow each other with nothing
    /// between): how many bytes were skipped, and false when the stream ended first (all of it skipped).
    /// </summary>
    public (long Skipped, bool Found) SkipToNextRecord()
    {
        var skipped = 0L;
        var from = 1; // past the broken value's first byte
        while (true)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            var found = unread.Length > from ? unread[from..].IndexOf("}{"u8) : -1;
            if (found >= 0)
            {
                var to = from + found + 1;
                _start += to;
                return (skipped + to, true);
            }

            // Keep the last byte: it may be the '}' of a boundary the next fill completes.
            var advance = Math.Min(unread.Length, Math.Max(from, unread.Length - 1));
            _start += advance;
            skipped += advance;
            from = unread.Length > 0 && advance < unread.Length ? 0 : Math.Max(0, from - advance);
            if (_endOfStream)
            {
                skipped += _end - _start;
                _start = _end;
                return (skipped, false);
            }

            Fill();
        }
    }

    /// <summary>Everything not read yet, for a file that is one JSON document rather than lines.</summary>
    public byte[] ReadToEnd()
    {
        SkipByteOrderMarkOnce();
        while (!_endOfStream)
        {
            Fill();
        }

        var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end;
        return rest;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    private void SkipByteOrderMarkOnce()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        while (_end < Utf8ByteOrderMark.Length && !_endOfStream)
        {
            Fill();
        }

        if (_buffer.AsSpan(_start, _end - _start).StartsWith(Utf8ByteOrderMark))
        {
            _start += Utf8ByteOrderMark.Length;
        }
    }

    /// <summary>Moves the unread bytes to the front, grows the buffer when a line fills it, and reads more.</summary>
    private void Fill()
    {
        var unread = _end - _start;
        if (_start > 0)
        {
            _dropped += _start;
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _start = 0;
            _end = unread;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }
}

/// <summary>What <see cref="Utf8LineReader.TryReadValue"/> found.</summary>
public enum ValueRead
{
    Value,
    End,
    Broken,
}
