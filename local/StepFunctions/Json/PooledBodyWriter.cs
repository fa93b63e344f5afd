using System.Buffers;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A buffer that a message body is written to in an array from the bodies' pool, which then becomes the body itself
/// (<see cref="Detach"/>): writing to a scratch buffer and copying the text into a pooled array cost a second pass
/// over every body (the event is most of it) on the state machines' thread.
/// </summary>
/// <remarks>
/// The first array is sized by what the caller expects (<see cref="Expect"/>), else by the previous body, so that
/// most bodies fit it and are never copied; a body that outgrows it, or fits an array half its size, moves once to an
/// array as large as a copy would have rented: each body holds the array it held before, whatever the order of
/// sizes. One writer per thread, never shared (<see cref="CompactJsonText"/>).
/// </remarks>
internal sealed class PooledBodyWriter : IBufferWriter<byte>
{
    /// <summary>The first array's size before any body was written, and its least.</summary>
    private const int SmallestFirstArray = 1024;

    private byte[]? _array;
    private int _written;
    private int _firstArraySize = SmallestFirstArray;

    // The next body's expected length (Expect), 0 when the caller gave none.
    private int _expectedLength;

    /// <summary>How many times a body outgrew its array while being written and was copied to a larger one.</summary>
    internal long Grown { get; private set; }

    /// <summary>
    /// Sizes the next body's first array for <paramref name="length"/> bytes (0: by the previous body, as without a
    /// forecast). Bodies of different templates alternate in size; sized by the previous body, about half of the
    /// replay's bodies were copied once to another array.
    /// </summary>
    public void Expect(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _expectedLength = _array is null ? length : 0;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_array is null || count > _array.Length - _written)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _array.AsSpan(_written);
    }

    /// <summary>What was written, as a <see cref="PooledMessageBody"/> (empty text is not pooled); the writer starts over.</summary>
    public ReadOnlyMemory<byte> Detach()
    {
        if (_array is null || _written == 0)
        {
            Abandon();
            return ReadOnlyMemory<byte>.Empty;
        }

        if (_written <= _array.Length / 2)
        {
            // Sized by a larger body before it: moved to an array of its own size, so each body holds the array a
            // copy would have (the pool keeps a bounded number of each size; bodies wait in queues by the thousand).
            var fitting = PooledMessageBody.Rent(_written);
            _array.AsSpan(0, _written).CopyTo(fitting);
            PooledMessageBody.Return(_array);
            _array = fitting;
        }

        var body = PooledMessageBody.Adopt(_array, _written);
        _firstArraySize = Math.Max(SmallestFirstArray, _written);
        _array = null;
        _written = 0;
        _expectedLength = 0;
        return body;
    }

    /// <summary>Drops what was written (a write that failed) and gives its array back.</summary>
    public void Abandon()
    {
        if (_array is not null)
        {
            PooledMessageBody.Return(_array);
        }

        _array = null;
        _written = 0;
        _expectedLength = 0;
    }

    private void EnsureRoom(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_array is null)
        {
            _array = PooledMessageBody.Rent(Math.Max(_expectedLength > 0 ? _expectedLength : _firstArraySize, needed));
            return;
        }

        if (_array.Length - _written >= needed)
        {
            return;
        }

        Grown++;
        var larger = PooledMessageBody.Rent(Math.Max(_array.Length * 2, checked(_written + needed)));
        _array.AsSpan(0, _written).CopyTo(larger);
        PooledMessageBody.Return(_array);
        _array = larger;
    }
}
