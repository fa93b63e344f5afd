using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// The replay's store for records that accumulate over a day (jobs, dedupe markers). Records still changing stay in
/// memory, by reference like <see cref="InMemoryRecordStore{TRecord}"/>; <see cref="SpillSettled"/> moves settled ones
/// to a scratch file, leaving only an index slot behind (<see cref="SpillIndex"/>). Any read or write of a spilled key
/// loads it back, version and all, so a late duplicate or reordered event finds the record it would have found in
/// memory: correctness does not depend on when records are spilled, only memory does.
/// Not thread-safe: the local pipeline runs handlers one at a time on the runner's thread.
/// </summary>
public sealed class SpillingRecordStore<TRecord> : IRecordStore<TRecord>, IDisposable
    where TRecord : class
{
    private readonly Dictionary<string, Live> _live = new(StringComparer.Ordinal);
    private readonly SpillIndex _index = new();
    private readonly List<SpillSegment> _segments = [];
    private readonly ArrayBufferWriter<byte> _payload = new(4096);
    private readonly string _path;
    private readonly ISpillCodec<TRecord> _codec;
    private readonly Func<TRecord, bool> _canSettle;
    private readonly Func<DateTimeOffset> _now;
    private readonly Func<string, ulong> _hash;
    private SpillFile? _file;
    private long _peakLive;
    private long _recordsWritten;
    private long _reloaded;

    /// <param name="path">The scratch file, created on the first spill and deleted on dispose.</param>
    /// <param name="canSettle">Whether a record may be spilled at all once untouched for the window (a job: only when terminal).</param>
    /// <param name="now">The pipeline's virtual clock: writes are stamped with it, and the window is measured on it.</param>
    /// <param name="keyHash">The index's hash (default <see cref="KeyHash.Of"/>); a test passes a constant one to put every key in one chain.</param>
    public SpillingRecordStore(string path, ISpillCodec<TRecord> codec, Func<TRecord, bool> canSettle, Func<DateTimeOffset> now, Func<string, ulong>? keyHash = null)
    {
        _path = path;
        _codec = codec;
        _canSettle = canSettle;
        _now = now;
        _hash = keyHash ?? KeyHash.Of;
    }

    public int LiveCount => _live.Count;

    public SpillStatistics Statistics => new()
    {
        Live = _live.Count,
        PeakLive = _peakLive,
        SpilledKeys = _index.Count,
        RecordsWritten = _recordsWritten,
        Reloaded = _reloaded,
        Segments = _segments.Count,
        FileBytes = _file?.Length ?? 0,
        IndexBytes = _file is null ? 0 : _index.AllocatedBytes,
    };

    public ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ref var live = ref Find(key);
        return ValueTask.FromResult(Unsafe.IsNullRef(ref live) ? null : (Versioned<TRecord>?)new Versioned<TRecord>(live.Record, live.Version));
    }

    /// <summary>Writes that succeeded (on the functions' thread, the store's only writer): what DynamoDB would bill as write requests.</summary>
    public long Writes { get; private set; }

    public ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ref var live = ref Find(key);
        var exists = !Unsafe.IsNullRef(ref live);
        if ((exists ? live.Version : 0) != expectedVersion)
        {
            return ValueTask.FromResult(false);
        }

        var touchedAt = _now().UtcTicks;
        Writes++;
        if (exists)
        {
            live = live with { Record = record, Version = expectedVersion + 1, TouchedAt = touchedAt };
        }
        else
        {
            _live.Add(key, new Live(record, 1, 0, touchedAt));
            _peakLive = Math.Max(_peakLive, _live.Count);
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// Writes every record untouched since <paramref name="untouchedSince"/> (on the virtual clock) that may settle to
    /// the scratch file as one segment sorted by key, and drops it from memory. A record loaded back and not changed
    /// since is only dropped: its copy on disk is still the newest.
    /// </summary>
    public void SpillSettled(DateTimeOffset untouchedSince)
    {
        var cutoff = untouchedSince.UtcTicks;
        var settled = new List<string>();
        foreach (var (key, live) in _live)
        {
            if (live.TouchedAt <= cutoff && _canSettle(live.Record))
            {
                settled.Add(key);
            }
        }

        if (settled.Count == 0)
        {
            return;
        }

        settled.Sort(StringComparer.Ordinal);
        var file = _file ??= new SpillFile(_path);
        var start = file.Length;
        foreach (var key in settled)
        {
            _live.Remove(key, out var live);
            if (live.Version == live.SpilledVersion)
            {
                continue;
            }

            _payload.ResetWrittenCount();
            _codec.Write(live.Record, _payload);
            var hash = _hash(key);
            var previous = _index.TryGet(hash, out var newest) ? newest : -1;
            _index.Set(hash, file.Append(key, live.Version, previous, _payload.WrittenSpan));
            _recordsWritten++;
        }

        if (file.Length > start)
        {
            _segments.Add(new SpillSegment(start, file.Length));
        }

        // A dictionary keeps its largest size: without this, a burst of live records would cost ~50 bytes each forever.
        if (_live.Count * 4 < _live.EnsureCapacity(0))
        {
            _live.TrimExcess();
        }
    }

    /// <summary>The newest version of every record, live or spilled, in ordinal key order; streamed, for the end of a run.</summary>
    public IEnumerable<TRecord> LatestInKeyOrder() => LatestInKeyOrder(_codec);

    /// <summary>
    /// <see cref="LatestInKeyOrder()"/> with spilled records read by <paramref name="spilled"/>, for an end-of-run pass that
    /// needs only part of each (live records are given as they are).
    /// </summary>
    public IEnumerable<TRecord> LatestInKeyOrder(ISpillReader<TRecord> spilled)
    {
        var live = _live.Select(entry => KeyValuePair.Create(entry.Key, entry.Value.Record)).ToList();
        live.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return _file is null ? live.Select(entry => entry.Value) : LatestVersionMerge.Run(_file, _segments, live, spilled);
    }

    public void Dispose() => _file?.Dispose();

    /// <summary>The live entry of <paramref name="key"/>, loaded back from the scratch file if it was spilled; a null ref when the key is unknown.</summary>
    private ref Live Find(string key)
    {
        ref var live = ref CollectionsMarshal.GetValueRefOrNullRef(_live, key);
        if (!Unsafe.IsNullRef(ref live) || _file is null || !_index.TryGet(_hash(key), out var offset))
        {
            return ref live;
        }

        // Newest first along the chain of records sharing the hash: the first with this key is its latest version.
        while (offset >= 0)
        {
            var spilled = _file.Read(offset);
            if (spilled.Key == key)
            {
                _live.Add(key, new Live(_codec.Read(key, spilled.Payload.Span), spilled.Version, spilled.Version, _now().UtcTicks));
                _peakLive = Math.Max(_peakLive, _live.Count);
                _reloaded++;
                return ref CollectionsMarshal.GetValueRefOrNullRef(_live, key);
            }

            offset = spilled.Previous;
        }

        return ref live;
    }

    /// <param name="SpilledVersion">The version of the newest copy in the scratch file (0: none), so an unchanged reload is not written again.</param>
    /// <param name="TouchedAt">Virtual-clock ticks of the last write (or reload): the reorder window runs from here.</param>
    private readonly record struct Live(TRecord Record, long Version, long SpilledVersion, long TouchedAt);
}
