namespace BatchRuntimeMonitor.Core.Storage;

/// <summary>A record with the optimistic-concurrency version it was read at (0 = not stored yet).</summary>
public readonly record struct Versioned<TRecord>(TRecord Record, long Version);

/// <summary>
/// Key-value storage of one record type with optimistic concurrency: every update is read, pure merge,
/// conditional write. Implemented over DynamoDB (conditional PutItem) and in memory (the local default).
/// </summary>
public interface IRecordStore<TRecord>
    where TRecord : class
{
    ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes when the stored version still equals <paramref name="expectedVersion"/>; false when another writer won.</summary>
    ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken);
}
