using System.Collections.Concurrent;

namespace BatchRuntimeMonitor.Core.Storage;

/// <summary>
/// The embedded store of local runs. Records are kept by reference: a merge may update the record it was given in
/// place, which is safe because the local pipeline applies one record at a time (and keeps replay allocation-free).
/// </summary>
public sealed class InMemoryRecordStore<TRecord> : IRecordStore<TRecord>
    where TRecord : class
{
    private readonly ConcurrentDictionary<string, Versioned<TRecord>> _records = new(StringComparer.Ordinal);
    private long _writes;

    public int Count => _records.Count;

    /// <summary>Writes that succeeded: what DynamoDB would bill as write requests for this table's records.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public IEnumerable<TRecord> Records => _records.Values.Select(v => v.Record);

    public bool TryGet(string key, out TRecord? record)
    {
        var found = _records.TryGetValue(key, out var versioned);
        record = found ? versioned.Record : null;
        return found;
    }

    public ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_records.TryGetValue(key, out var versioned) ? versioned : (Versioned<TRecord>?)null);

    public ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        var written = expectedVersion == 0
            ? _records.TryAdd(key, new Versioned<TRecord>(record, 1))
            : _records.TryGetValue(key, out var stored) && stored.Version == expectedVersion
                && _records.TryUpdate(key, new Versioned<TRecord>(record, expectedVersion + 1), stored);
        if (written)
        {
            Interlocked.Increment(ref _writes);
        }

        return ValueTask.FromResult(written);
    }

    public bool Remove(string key) => _records.TryRemove(key, out _);
}
