using System.Buffers;
using System.Runtime.InteropServices;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A message body written by a Task state (<see cref="MessageText"/>), in an array rented from a pool of its own. In
/// a replay the bodies were about 40 % of everything allocated (each made on the state machines' thread, read once
/// by a function on another): the local runner's queues give the array back (<see cref="TryRelease"/>) once the
/// function that consumed the message has run and nothing can read it any more. A body nobody releases (sfn run,
/// an in-memory queue, a test) is left to the collector, as an unpooled array is.
/// </summary>
/// <remarks>
/// Returning is only sound once nothing reads the body, so a mistake must fail loudly, never read another message's
/// bytes: the body is a memory whose every Span access checks that the array is still held, and releasing it twice
/// throws. The pool is a locked one rather than the shared pool's per-thread and per-core caches: bodies are rented
/// on the state machines' thread and given back in batches of up to a hundred on the functions' thread, more than
/// those caches keep, and a dropped array would be old garbage by then.
/// </remarks>
public sealed class PooledMessageBody : MemoryManager<byte>
{
    /// <summary>Larger than SQS's 256 KB limit; larger bodies are allocated and never pooled.</summary>
    private const int LargestPooledBody = 512 * 1024;

    /// <summary>Enough for every body in flight between the two threads in the 100,000-job day.</summary>
    private const int ArraysPerSize = 2048;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(LargestPooledBody, ArraysPerSize);

    private readonly int _length;
    private byte[]? _bytes;

    private PooledMessageBody(byte[] bytes, int length)
    {
        _bytes = bytes;
        _length = length;
    }

    /// <summary>Whether the array has gone back to the pool.</summary>
    public bool IsReleased => Volatile.Read(ref _bytes) is null;

    /// <summary>A copy of <paramref name="text"/> in a rented array, as a memory that checks it is still held (an empty text is not pooled).</summary>
    public static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var bytes = Pool.Rent(text.Length);
        text.CopyTo(bytes);
        return new PooledMessageBody(bytes, text.Length).Memory;
    }

    /// <summary>An array from the bodies' pool, for a writer that writes a body in place (<see cref="PooledBodyWriter"/>).</summary>
    internal static byte[] Rent(int minimumLength) => Pool.Rent(minimumLength);

    /// <summary>Gives back an array rented with <see cref="Rent"/> that never became a body.</summary>
    internal static void Return(byte[] array) => Pool.Return(array);

    /// <summary>
    /// The first <paramref name="length"/> bytes of an array rented with <see cref="Rent"/> as a body; the body owns
    /// the array from then on.
    /// </summary>
    internal static ReadOnlyMemory<byte> Adopt(byte[] array, int length) => new PooledMessageBody(array, length).Memory;

    /// <summary>
    /// Gives the array behind <paramref name="body"/> back to the pool when it is a pooled body (true); any other
    /// memory (a template's shared constant text, a body from elsewhere) is left alone (false).
    /// </summary>
    /// <exception cref="InvalidOperationException">The body was released already.</exception>
    public static bool TryRelease(ReadOnlyMemory<byte> body)
    {
        if (!MemoryMarshal.TryGetMemoryManager<byte, PooledMessageBody>(body, out var pooled))
        {
            return false;
        }

        pooled.Release();
        return true;
    }

    /// <summary>The pooled body behind <paramref name="body"/>, if it is one (for checks).</summary>
    public static bool TryGet(ReadOnlyMemory<byte> body, out PooledMessageBody pooled) =>
        MemoryMarshal.TryGetMemoryManager(body, out pooled!);

    public override Span<byte> GetSpan() => Volatile.Read(ref _bytes) is { } bytes ? bytes.AsSpan(0, _length) : throw Released();

    /// <summary>Not pinnable: nothing pins a body, and a pin could outlive the array.</summary>
    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("a pooled message body cannot be pinned");

    public override void Unpin()
    {
    }

    /// <summary>Releasing is explicit (<see cref="TryRelease"/>); the memory manager's own dispose has nothing to free.</summary>
    protected override void Dispose(bool disposing)
    {
    }

    private void Release()
    {
        var bytes = Interlocked.Exchange(ref _bytes, null)
            ?? throw new InvalidOperationException("a message body was released twice: something thought it was the last reader when it was not");
        Pool.Return(bytes);
    }

    private static ObjectDisposedException Released() =>
        new(nameof(PooledMessageBody), "the message body went back to its pool: something read the message after the function that consumed it had run");
}
