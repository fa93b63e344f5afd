using System.Buffers;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// One JSON Lines event's bytes, rented from an array pool (the shared one in a replay), and the JsonDocument parsed
/// over them (whose metadata array the document rents from the shared pool). Both go back when the last holder lets go: the replay's
/// runner, and each execution the event started, until it has finished. Left to the collector, they were about
/// 4-6 KB of garbage per event that also lived long enough (queued for the pipeline, parked in a Wait) to be
/// promoted before it died.
/// </summary>
/// <remarks>
/// Returning them is only sound once nothing reads the event any more, so a mistake must fail loudly, never read
/// another event's bytes: after the last release the document is disposed (a JsonElement or an unmaterialised
/// JsonNode over it throws ObjectDisposedException when read), and <see cref="Text"/> is a memory whose every Span
/// access checks that the bytes are still held (a copy of the event's text kept by mistake throws too). Nothing
/// is returned unless someone releases: an event nobody releases keeps its bytes, as an unpooled one does.
/// Filled on the reader's thread, then held and released on the replay's thread only (not thread-safe).
/// </remarks>
public sealed class PooledLine : MemoryManager<byte>
{
    private readonly ArrayPool<byte> _pool;
    private readonly int _lineLength;
    private byte[]? _bytes;
    private JsonDocument? _document;
    private int _start;
    private int _length;
    private int _holders = 1;

    private PooledLine(ArrayPool<byte> pool, byte[] bytes, int length)
    {
        _pool = pool;
        _bytes = bytes;
        _lineLength = length;
        _length = length;
    }

    /// <summary>Whether the bytes and the document have gone back to their pools.</summary>
    public bool IsReturned => _bytes is null;

    /// <summary>The line's bytes as read, in a rented array, for the parser; held by one holder (the caller).</summary>
    public ReadOnlyMemory<byte> Line => _bytes is { } bytes ? bytes.AsMemory(0, _lineLength) : throw Returned();

    /// <summary>
    /// The event's text (the line without the white space around it) as a memory that checks, on every access, that
    /// the bytes are still held: what the state machines copy into message bodies.
    /// </summary>
    public ReadOnlyMemory<byte> Text => CreateMemory(_length);

    /// <summary>A copy of <paramref name="line"/> in an array rented from <paramref name="pool"/>.</summary>
    public static PooledLine Rent(ReadOnlySpan<byte> line, ArrayPool<byte> pool)
    {
        var bytes = pool.Rent(line.Length);
        line.CopyTo(bytes);
        return new PooledLine(pool, bytes, line.Length);
    }

    /// <summary>
    /// The document parsed from <see cref="Line"/>, disposed with the bytes, and the range of the line that is the
    /// event's text (<see cref="Text"/> from then on).
    /// </summary>
    public void Own(JsonDocument document, Range text)
    {
        _document = document;
        (_start, _length) = text.GetOffsetAndLength(_lineLength);
    }

    /// <summary>One more holder: the bytes stay until each holder has released them.</summary>
    public void Hold()
    {
        ObjectDisposedException.ThrowIf(IsReturned, this);
        _holders++;
    }

    /// <summary>A holder lets go; the last one returns the bytes and the document to their pools.</summary>
    public void Release()
    {
        if (_holders <= 0)
        {
            throw new InvalidOperationException("an input line was released more often than it was held");
        }

        if (--_holders > 0)
        {
            return;
        }

        var bytes = _bytes!;
        _bytes = null;
        _document?.Dispose();
        _document = null;
        _pool.Return(bytes);
    }

    public override Span<byte> GetSpan() => _bytes is { } bytes ? bytes.AsSpan(_start, _length) : throw Returned();

    /// <summary>Not pinnable: nothing in the replay pins the event's text, and a pin could outlive the bytes.</summary>
    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("an input line's text cannot be pinned");

    public override void Unpin()
    {
    }

    /// <summary>Releasing is explicit (<see cref="Release"/>); the memory manager's own dispose has nothing to free.</summary>
    protected override void Dispose(bool disposing)
    {
    }

    private static ObjectDisposedException Returned() =>
        new(nameof(PooledLine), "the input event's bytes were returned to the pool: something read the event after its last holder released it");
}
