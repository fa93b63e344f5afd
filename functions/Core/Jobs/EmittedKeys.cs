using System.Collections;

namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>
/// The keys of <see cref="JobRecord.Emitted"/>: an array in ordinal order until someone asks for the
/// <see cref="SortedSet{T}"/>, which from then on holds them. Every event of a job looks up and adds emission keys,
/// and the set's node per key, its rebalancing and its enumerator were about 4 % of the functions' thread
/// (docs/performance.md); the ledger's own work (JobEmissions, the replay's spill codec)
/// needs only lookups, inserts and the keys in order. A set handed out is the one truth afterwards, so whatever its
/// holder does to it (adds, a comparer of its own) is what the record holds, as when the record kept only the set.
/// </summary>
/// <remarks>Not thread-safe, like the record it belongs to.</remarks>
public sealed class EmittedKeys : IReadOnlyCollection<string>
{
    // A job's keys number 33 to 64 when it has run its course (92 % of a simulated day's jobs; the rest fewer): the
    // array grown from 8 was allocated four times per job, about a twentieth of what the functions' thread allocated.
    private const int FirstCapacity = 64;

    private string[] _keys = [];
    private int _count;
    private SortedSet<string>? _set;

    internal EmittedKeys()
    {
    }

    internal EmittedKeys(SortedSet<string> set) => _set = set;

    public int Count => _set?.Count ?? _count;

    /// <summary>
    /// The given keys: taken as they are when in strictly ascending ordinal order (what a codec wrote from
    /// <see cref="GetEnumerator"/>), else sorted into an ordinal set with repeats dropped, as that set's constructor does.
    /// </summary>
    public static EmittedKeys Of(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(keys[i], nameof(keys));
            if (i > 0 && string.CompareOrdinal(keys[i - 1], keys[i]) >= 0)
            {
                return new EmittedKeys(new SortedSet<string>(keys, StringComparer.Ordinal));
            }
        }

        return new EmittedKeys { _keys = keys, _count = keys.Length };
    }

    public bool Contains(string key) => _set?.Contains(key) ?? IndexOf(key) >= 0;

    /// <summary>Adds the key; false when it was there.</summary>
    public bool Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_set is not null)
        {
            return _set.Add(key);
        }

        var index = IndexOf(key);
        if (index >= 0)
        {
            return false;
        }

        index = ~index;
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(FirstCapacity, 2 * _count));
        }

        Array.Copy(_keys, index, _keys, index + 1, _count - index);
        _keys[index] = key;
        _count++;
        return true;
    }

    /// <summary>The keys as the record's stored set (created from the array on first request, then kept).</summary>
    internal SortedSet<string> AsSet()
    {
        if (_set is null)
        {
            _set = new SortedSet<string>(new ArraySegment<string>(_keys, 0, _count), StringComparer.Ordinal);
            _keys = [];
            _count = 0;
        }

        return _set;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<string> IEnumerable<string>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Index of the key, or the complement of where it would go (Array.BinarySearch's convention).</summary>
    /// <remarks>
    /// Written out rather than Array.BinarySearch with StringComparer.Ordinal: that goes through the shared generic
    /// sort helper and an interface call per comparison, and was 1.5 % of the functions' thread in a replay.
    /// </remarks>
    private int IndexOf(string key)
    {
        var low = 0;
        var high = _count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(_keys[middle], key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    /// <summary>The keys in order (the set's order once it holds them); no allocation over the array.</summary>
    public struct Enumerator : IEnumerator<string>
    {
        private readonly string[] _keys;
        private readonly int _count;
        private readonly bool _fromSet;
        private SortedSet<string>.Enumerator _set;
        private int _index;

        internal Enumerator(EmittedKeys owner)
        {
            _keys = owner._keys;
            _count = owner._count;
            _fromSet = owner._set is not null;
            _set = owner._set?.GetEnumerator() ?? default;
            _index = -1;
        }

        public readonly string Current => _fromSet ? _set.Current : _keys[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => _fromSet ? _set.MoveNext() : ++_index < _count;

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            if (_fromSet)
            {
                _set.Dispose();
            }
        }
    }
}
