using System.Buffers;
using System.Runtime.CompilerServices;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// An array pool that hands out fresh arrays and keeps account of them: which are out, and a loud failure for an array
/// returned twice or never rented here. Thread-safe (a replay rents on its reader thread and returns on its own).
/// </summary>
public sealed class CountingArrayPool : ArrayPool<byte>
{
    private readonly HashSet<byte[]> _out = new(ReferenceEqualityComparer.Instance);
    private long _rented;
    private long _returned;

    public long Rented => Interlocked.Read(ref _rented);

    public long Returned => Interlocked.Read(ref _returned);

    /// <summary>The arrays rented and not returned yet.</summary>
    public int Outstanding
    {
        get
        {
            lock (_out)
            {
                return _out.Count;
            }
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        var array = new byte[minimumLength];
        lock (_out)
        {
            _out.Add(array);
        }

        Interlocked.Increment(ref _rented);
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (_out)
        {
            if (!_out.Remove(array))
            {
                throw new InvalidOperationException($"an array (hash {RuntimeHelpers.GetHashCode(array)}) was returned that is not out: returned twice, or not rented here");
            }
        }

        // What a pool hands out again must not be read through the event it belonged to: scribble over it.
        array.AsSpan().Fill((byte)'#');
        Interlocked.Increment(ref _returned);
    }
}
